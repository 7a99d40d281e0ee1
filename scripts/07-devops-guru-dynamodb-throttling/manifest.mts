// Lab 07 as a unit: the blog's DevOps Guru hands-on, the calls each step makes, what it creates and removes.

import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeAccountHealthCommand,
  DescribeInsightCommand,
  GetResourceCollectionCommand,
  ListAnomaliesForInsightCommand,
  ListInsightsCommand,
  ListRecommendationsCommand,
  UpdateResourceCollectionCommand,
} from '@aws-sdk/client-devops-guru';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { getItemInput, item, queryInput } from '@handson/lab-helpers/dynamodb-reads';
import { tableInput } from '@handson/lab-helpers/dynamodb-table';
import { defineLab, type VarRef } from '../_lib/manifest.mts';
import {
  COVERAGE_TAG_KEY,
  COVERAGE_TAG_VALUE,
  coverageFilter,
  coveredTableTags,
  DYNAMODB_TABLE_NAME,
  LOAD_MAX_MS,
  LOAD_RATE,
  LOAD_WORKERS,
  READ_CAPACITY_UNITS,
  SLUG,
  TABLE_THROUGHPUT,
  UNCOVERED_TABLE_NAME,
  UNCOVERED_WORKERS,
  WRITE_CAPACITY_UNITS,
} from './lab.mts';

const createTable = (name: string, tags: ReturnType<typeof coveredTableTags>) =>
  new CreateTableCommand(tableInput(name, tags, TABLE_THROUGHPUT));

const tableStatus = (name: string) =>
  [new DescribeTableCommand({ TableName: name }), { query: 'Table.TableStatus', output: 'text' }] as const;

/** A time from a lab variable (ISO 8601): printed as given, or as `${NAME}` before the step that sets it. */
const time = (v: VarRef, name: string) => v(name) as unknown as Date;

const ongoing = () => new ListInsightsCommand({ StatusFilter: { Ongoing: { Type: 'REACTIVE' } } });
const tagCollection = () => new GetResourceCollectionCommand({ ResourceCollectionType: 'AWS_TAGS' });

export const metricQueries = (v: VarRef) =>
  new GetMetricDataCommand({
    MetricDataQueries: [
      {
        Id: 'consumed',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/DynamoDB',
            MetricName: 'ConsumedReadCapacityUnits',
            Dimensions: [{ Name: 'TableName', Value: v('DYNAMODB_TABLE_NAME') }],
          },
          Period: 60,
          Stat: 'Sum',
        },
      },
    ],
    StartTime: time(v, 'CHART_STARTS_AT'),
    EndTime: time(v, 'CHART_ENDS_AT'),
  });

export const LAB = defineLab({
  slug: SLUG,
  title: 'DevOps Guru: a throttled DynamoDB table, a learned baseline, an insight',
  blog: { post: 'AWSの基礎を学ぼう 特別編 DevOps Guru', lines: [1488, 1597], chars: 2860 },
  env: {
    HANDSON_DDB_TABLE_NAME: `the covered table's name (default ${DYNAMODB_TABLE_NAME})`,
  },
  lessons: {
    'insight-opens': {
      expect:
        'after the learning period, reads beyond the read capacity of 1 open a reactive insight for the table (the blog: after 5-10 minutes)',
      step: '06-wait-for-insight',
    },
    'uncovered-no-insight': {
      expect: 'the same load on a table outside the covered collection opens no insight for it',
      step: '07-show-insight',
    },
    'learning-absorbs-errors': {
      expect:
        'switching coverage off and on starts learning again, and throttling during the learning period opens no insight',
      step: '08-relearn',
    },
  },
  steps: {
    '01-check-region': {
      does:
        "Checks that DevOps Guru is offered in the region (on AWS, that its endpoint resolves) and reads the account's " +
        'health, then says what the lab costs on a real account. Changes nothing.',
      calls: () => [new DescribeAccountHealthCommand({})],
    },
    '02-enable-coverage': {
      does:
        `Switches DevOps Guru's analysis on for the resources tagged ${COVERAGE_TAG_KEY}=${COVERAGE_TAG_VALUE} ` +
        '(the blog: 設定 → 分析カバレッジ), and shows the collection. The 2-hour learning period starts now.',
      calls: () => [
        tagCollection(),
        // Off the sandbox, the confirmation before the first change names the caller.
        new GetCallerIdentityCommand({}),
        new UpdateResourceCollectionCommand({ Action: 'ADD', ResourceCollection: coverageFilter() }),
        tagCollection(),
      ],
      creates: [`DevOps Guru coverage of resources tagged ${COVERAGE_TAG_KEY}=${COVERAGE_TAG_VALUE}`],
    },
    '03-create-table': {
      does:
        `Creates the blog's table with a read capacity of ${READ_CAPACITY_UNITS} (${DYNAMODB_TABLE_NAME}, in the coverage by ` +
        `its tag) and a twin outside it (${UNCOVERED_TABLE_NAME}), waits until both are ACTIVE and puts the few items the reads read.`,
      calls: (v) => [
        new DescribeTableCommand({ TableName: DYNAMODB_TABLE_NAME }),
        new ListTagsOfResourceCommand({ ResourceArn: v('TABLE_ARN') }),
        createTable(DYNAMODB_TABLE_NAME, coveredTableTags()),
        tableStatus(DYNAMODB_TABLE_NAME),
        [
          new PutItemCommand({ TableName: DYNAMODB_TABLE_NAME, Item: item(0) }),
          { files: { Item: 'item-0.json' } },
        ],
      ],
      needs: { COVERAGE_STARTED_AT: '02-enable-coverage' },
      files: ["item-N.json in the lab's work directory, the items as put-item reads them"],
      creates: [
        `DynamoDB table ${DYNAMODB_TABLE_NAME} (RCU ${READ_CAPACITY_UNITS}, WCU ${WRITE_CAPACITY_UNITS}, tagged handson:lab=${SLUG} and ${COVERAGE_TAG_KEY}=${COVERAGE_TAG_VALUE})`,
        `DynamoDB table ${UNCOVERED_TABLE_NAME} (RCU ${READ_CAPACITY_UNITS}, WCU ${WRITE_CAPACITY_UNITS}, tagged handson:lab=${SLUG} only)`,
      ],
    },
    '04-learn-baseline': {
      does:
        'Waits out the 2-hour learning period from when coverage started, the tables quiet. On the sandbox its clock ' +
        'moves on at once; on AWS the step says when to come back (or waits with --wait).',
      needs: { COVERAGE_STARTED_AT: '02-enable-coverage' },
      options: {
        wait: {
          type: 'boolean',
          description: 'on AWS, wait the rest of the 2 hours here instead of coming back',
        },
      },
      // Off the sandbox the step starts by naming the account it reads (STS).
      calls: () => [new GetCallerIdentityCommand({}), new DescribeAccountHealthCommand({}), ongoing()],
    },
    '05-run-load': {
      does:
        `The blog's read script in ${LOAD_WORKERS} terminals at once: ${LOAD_WORKERS} loops of get-item / query at ` +
        `${LOAD_RATE} a second each on the covered table (strongly consistent: 1 read unit each), ${UNCOVERED_WORKERS} on the uncovered twin, with a live count of ` +
        `successes and throttles; stops when an insight opens, or after ${LOAD_MAX_MS / 60_000} minutes.`,
      env: {
        HANDSON_LOAD_WORKERS: `read loops at once (default ${LOAD_WORKERS}; 1-16)`,
        HANDSON_LOAD_RATE: `requests a second per loop (default ${LOAD_RATE}; 1-20)`,
        HANDSON_LOAD_MS: `the longest the load runs, in milliseconds (default ${LOAD_MAX_MS}; 60000-3600000; HANDSON_LOAD_MINUTES, in minutes, still works)`,
      },
      calls: (v) => [
        new GetItemCommand(getItemInput(v('DYNAMODB_TABLE_NAME'))),
        new QueryCommand(queryInput(v('DYNAMODB_TABLE_NAME'))),
        ongoing(),
      ],
    },
    '06-wait-for-insight': {
      does: 'Waits, with progress, until DevOps Guru lists an ongoing reactive insight (the blog: 5-10 minutes), and lists it.',
      calls: () => [ongoing()],
    },
    '07-show-insight': {
      does:
        'Shows the insight as the console did: its resources, severity and status, the aggregated metrics (anomalies), ' +
        'the graphed anomaly (GetMetricData, drawn as SVG in the work directory) and the recommendations; checks that ' +
        'the uncovered table got none.',
      needs: { INSIGHT_ID: '06-wait-for-insight', LOAD_STARTED_AT: '05-run-load' },
      calls: (v) => [
        new DescribeInsightCommand({ Id: v('INSIGHT_ID') }),
        new ListAnomaliesForInsightCommand({ InsightId: v('INSIGHT_ID') }),
        metricQueries(v),
        new ListRecommendationsCommand({ InsightId: v('INSIGHT_ID') }),
        new ListInsightsCommand({
          StatusFilter: {
            Any: { Type: 'REACTIVE', StartTimeRange: { FromTime: time(v, 'LOAD_STARTED_AT') } },
          },
        }),
      ],
      files: ["throttling.svg in the lab's work directory"],
    },
    '08-relearn': {
      does:
        "The blog's notes on learning, as an experiment: switching coverage off and on restarts the 2-hour learning " +
        'period (re-learning), and what happens during it is learned, not reported: the same throttling load, 3 ' +
        'minutes right after switching back on, opens no new insight.',
      calls: (v) => [
        new UpdateResourceCollectionCommand({ Action: 'REMOVE', ResourceCollection: coverageFilter() }),
        new UpdateResourceCollectionCommand({ Action: 'ADD', ResourceCollection: coverageFilter() }),
        new GetItemCommand(getItemInput(v('DYNAMODB_TABLE_NAME'))),
        new QueryCommand(queryInput(v('DYNAMODB_TABLE_NAME'))),
        new ListInsightsCommand({
          StatusFilter: {
            Any: { Type: 'REACTIVE', StartTimeRange: { FromTime: time(v, 'RELEARN_STARTED_AT') } },
          },
        }),
      ],
      creates: ["nothing new: coverage of the lab's tag is switched off and on again"],
    },
  },
  teardown: {
    does:
      "Deletes the lab's tables (waiting until they are gone) and switches DevOps Guru's coverage of the lab's tag " +
      'off: coverage is never left on. Safe to run again.',
    calls: (v) => [
      new DescribeTableCommand({ TableName: DYNAMODB_TABLE_NAME }),
      new ListTagsOfResourceCommand({ ResourceArn: v('TABLE_ARN') }),
      new DeleteTableCommand({ TableName: DYNAMODB_TABLE_NAME }),
      new UpdateResourceCollectionCommand({ Action: 'REMOVE', ResourceCollection: coverageFilter() }),
      tagCollection(),
    ],
    removes: [
      `DynamoDB tables ${DYNAMODB_TABLE_NAME} and ${UNCOVERED_TABLE_NAME} when this lab made them (tagged handson:lab=${SLUG})`,
      `DevOps Guru coverage of ${COVERAGE_TAG_KEY}=${COVERAGE_TAG_VALUE}`,
      "the lab's variables and the chart in its work directory",
    ],
  },
});
