import type { AnomalyRecord, InsightRecord } from './state';

/*
 * What DevOps Guru recommends for a throttled DynamoDB table, each with the AWS documentation page it
 * points to. The same four for reads and writes; the reason names what was measured.
 */

interface Advice {
  Name: string;
  Description: string;
  Link: string;
  Category: string;
}

const ADVICE: Advice[] = [
  {
    Name: 'Switch the table to on-demand capacity',
    Description:
      'On-demand mode serves requests without capacity planning and bills per request, so a table whose traffic is spiky or unknown is not throttled at a provisioned rate.',
    Link: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html',
    Category: 'CAPACITY_MODE',
  },
  {
    Name: 'Increase the provisioned capacity',
    Description:
      'Raise the read or write capacity units with UpdateTable so that the sustained request rate fits the table; burst capacity covers only up to 300 seconds of unused capacity.',
    Link: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/provisioned-capacity-mode.html',
    Category: 'PROVISIONED_CAPACITY',
  },
  {
    Name: 'Enable auto scaling for the table',
    Description:
      'DynamoDB auto scaling adjusts provisioned capacity to the actual traffic with Application Auto Scaling target tracking.',
    Link: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html',
    Category: 'AUTO_SCALING',
  },
  {
    Name: 'Retry throttled requests with exponential backoff',
    Description:
      'Clients should retry ProvisionedThroughputExceededException with exponentially growing, jittered waits instead of retrying at once; the AWS SDKs do this by default.',
    Link: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.RetryAndBackoff',
    Category: 'CLIENT_RETRIES',
  },
];

export function recommendationsFor(insight: InsightRecord, anomalies: AnomalyRecord[]) {
  const metrics = [...new Set(anomalies.map((a) => a.metric.MetricName))];
  const reason = `${metrics.join(', ')} on DynamoDB table ${insight.tableName} left the baseline learned for it (${insight.direction} throttling).`;
  return ADVICE.map((a) => ({
    Name: a.Name,
    Description: a.Description,
    Link: a.Link,
    Reason: reason,
    Category: a.Category,
    RelatedEvents: [],
    RelatedAnomalies: anomalies.map((an) => ({
      AnomalyId: an.Id,
      Resources: [{ Name: insight.tableName, Type: 'AWS::DynamoDB::Table' }],
      SourceDetails: [
        { CloudWatchMetrics: [{ MetricName: an.metric.MetricName, Namespace: 'AWS/DynamoDB' }] },
      ],
    })),
  }));
}
