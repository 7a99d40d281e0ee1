/** AWS::DynamoDB::Table through the DynamoDB service. Ref is the table name, as on AWS. */
import { allTags, call } from './common';
import type { Props, ProviderRegistry, ProvisionContext, ResourceProvider } from './types';

const ddb = (p: ProvisionContext, op: string, input: Record<string, unknown>) =>
  call(p, 'dynamodb', op, input);

function throughput(props: Props) {
  const t = props.ProvisionedThroughput as
    | { ReadCapacityUnits?: unknown; WriteCapacityUnits?: unknown }
    | undefined;
  return t === undefined
    ? undefined
    : { ReadCapacityUnits: Number(t.ReadCapacityUnits), WriteCapacityUnits: Number(t.WriteCapacityUnits) };
}

/** Properties whose change replaces the table (a new name or key schema), as CloudFormation documents them. */
const REPLACING = ['TableName', 'KeySchema'];

const table: ResourceProvider = {
  async create(p, props) {
    const name = (props.TableName as string | undefined) ?? p.physicalName(255);
    const out = await ddb(p, 'CreateTable', {
      TableName: name,
      KeySchema: props.KeySchema,
      AttributeDefinitions: props.AttributeDefinitions,
      BillingMode: props.BillingMode,
      ProvisionedThroughput: throughput(props),
      Tags: allTags(p, props.Tags),
      DeletionProtectionEnabled:
        props.DeletionProtectionEnabled === undefined
          ? undefined
          : String(props.DeletionProtectionEnabled) === 'true',
    });
    const arn = (out.TableDescription as { TableArn: string }).TableArn;
    return { physicalId: name, attributes: { Arn: arn } };
  },
  async update(p, name, props, prev, values) {
    const keys = new Set([...Object.keys(props), ...Object.keys(prev)]);
    const changed = [...keys].filter((k) => JSON.stringify(props[k]) !== JSON.stringify(prev[k]));
    if (changed.some((k) => REPLACING.includes(k))) return undefined;
    if (changed.some((k) => k === 'BillingMode' || k === 'ProvisionedThroughput'))
      await ddb(p, 'UpdateTable', {
        TableName: name,
        BillingMode: props.BillingMode ?? 'PROVISIONED',
        ProvisionedThroughput: throughput(props),
      });
    return values;
  },
  async delete(p, name) {
    await ddb(p, 'DeleteTable', { TableName: name });
  },
};

export const dynamodbProviders: ProviderRegistry = { 'AWS::DynamoDB::Table': table };
