/**
 * Operation schemas for SDK v3 commands that carry none. The registry serves @aws-sdk/client-devops-guru at
 * 3.523.0 only, a client generated before the SDK put schemas on its commands, so a DevOps Guru command has
 * no schema to print its `aws devops-guru …` line from. These describe the inputs of the DevOps Guru
 * operations the labs send, written from the service model the AWS CLI ships
 * (botocore/data/devops-guru/2020-12-01/service-2.json), in @smithy/core's schema form: [kind, namespace,
 * name, traits, members…] with 0 string, 1 number, 4 timestamp, 64|x a list of x. A command that carries its
 * own schema never comes here. Untyped on purpose: naming the client's declarations here would make every
 * notebook that loads this package load them.
 */

const NS = 'com.amazonaws.devopsguru';
const STRING = 0;
const NUMBER = 1;
const TIMESTAMP = 4;
const LIST = 64;

type Schema = unknown;

const struct = (name: string, members: Record<string, Schema>): Schema => [
  3,
  NS,
  name,
  0,
  Object.keys(members),
  Object.values(members),
];
const operation = (name: string, input: Schema): Schema => [
  9,
  NS,
  name,
  0,
  () => input,
  () => struct(`${name}Response`, {}),
];
const timeRange = (name: string) => struct(name, { FromTime: TIMESTAMP, ToTime: TIMESTAMP });

const DEVOPS_GURU: Record<string, Schema> = {
  UpdateResourceCollection: operation(
    'UpdateResourceCollection',
    struct('UpdateResourceCollectionRequest', {
      Action: STRING,
      ResourceCollection: struct('UpdateResourceCollectionFilter', {
        CloudFormation: struct('UpdateCloudFormationCollectionFilter', { StackNames: LIST | STRING }),
        Tags: [
          1,
          NS,
          'UpdateTagCollectionFilters',
          0,
          struct('UpdateTagCollectionFilter', { AppBoundaryKey: STRING, TagValues: LIST | STRING }),
        ],
      }),
    }),
  ),
  GetResourceCollection: operation(
    'GetResourceCollection',
    struct('GetResourceCollectionRequest', { ResourceCollectionType: STRING, NextToken: STRING }),
  ),
  DescribeAccountHealth: operation('DescribeAccountHealth', struct('DescribeAccountHealthRequest', {})),
  ListInsights: operation(
    'ListInsights',
    struct('ListInsightsRequest', {
      StatusFilter: struct('ListInsightsStatusFilter', {
        Ongoing: struct('ListInsightsOngoingStatusFilter', { Type: STRING }),
        Closed: struct('ListInsightsClosedStatusFilter', {
          Type: STRING,
          EndTimeRange: timeRange('EndTimeRange'),
        }),
        Any: struct('ListInsightsAnyStatusFilter', {
          Type: STRING,
          StartTimeRange: timeRange('StartTimeRange'),
        }),
      }),
      MaxResults: NUMBER,
      NextToken: STRING,
    }),
  ),
  DescribeInsight: operation(
    'DescribeInsight',
    struct('DescribeInsightRequest', { Id: STRING, AccountId: STRING }),
  ),
  ListAnomaliesForInsight: operation(
    'ListAnomaliesForInsight',
    struct('ListAnomaliesForInsightRequest', {
      InsightId: STRING,
      StartTimeRange: timeRange('StartTimeRange'),
      MaxResults: NUMBER,
      NextToken: STRING,
      AccountId: STRING,
    }),
  ),
  ListRecommendations: operation(
    'ListRecommendations',
    struct('ListRecommendationsRequest', {
      InsightId: STRING,
      NextToken: STRING,
      Locale: STRING,
      AccountId: STRING,
    }),
  ),
};

/** The schema for a command that carries none, by its class name (`ListInsightsCommand`), if known. */
export function schemaFor(command: object): Schema | undefined {
  const name = command.constructor?.name?.replace(/Command$/, '');
  return name && Object.hasOwn(DEVOPS_GURU, name) ? DEVOPS_GURU[name] : undefined;
}
