import type { StoredResource } from './store';

/*
 * The Resources list of an event (what LookupEvents' ResourceType / ResourceName attributes search), taken
 * from the request and its answer: the names and ids the operation acted on, typed as AWS types them.
 */

type Rule = [member: string, type: string];

const RULES: Record<string, Rule[]> = {
  iam: [
    ['UserName', 'AWS::IAM::User'],
    ['GroupName', 'AWS::IAM::Group'],
    ['RoleName', 'AWS::IAM::Role'],
    ['PolicyArn', 'AWS::IAM::Policy'],
    ['AccessKeyId', 'AWS::IAM::AccessKey'],
    ['InstanceProfileName', 'AWS::IAM::InstanceProfile'],
  ],
  ec2: [
    ['InstanceId', 'AWS::EC2::Instance'],
    ['InstanceIds', 'AWS::EC2::Instance'],
    ['GroupId', 'AWS::EC2::SecurityGroup'],
    ['GroupIds', 'AWS::EC2::SecurityGroup'],
    ['SecurityGroupIds', 'AWS::EC2::SecurityGroup'],
    ['KeyName', 'AWS::EC2::KeyPair'],
    ['KeyPairId', 'AWS::EC2::KeyPair'],
    ['ImageId', 'AWS::EC2::Ami'],
    ['VpcId', 'AWS::EC2::VPC'],
    ['SubnetId', 'AWS::EC2::Subnet'],
  ],
  s3: [['Bucket', 'AWS::S3::Bucket']],
  sqs: [['QueueUrl', 'AWS::SQS::Queue']],
  cloudformation: [['StackName', 'AWS::CloudFormation::Stack']],
  dynamodb: [['TableName', 'AWS::DynamoDB::Table']],
  sts: [['RoleArn', 'AWS::IAM::Role']],
};

/** Members of the answer that name what an operation created. */
const CREATED: Record<string, [path: string[], type: string][]> = {
  CreateAccessKey: [[['AccessKey', 'AccessKeyId'], 'AWS::IAM::AccessKey']],
  CreateSecurityGroup: [[['GroupId'], 'AWS::EC2::SecurityGroup']],
  CreateKeyPair: [[['KeyPairId'], 'AWS::EC2::KeyPair']],
  CreateVpc: [[['Vpc', 'VpcId'], 'AWS::EC2::VPC']],
  CreateSubnet: [[['Subnet', 'SubnetId'], 'AWS::EC2::Subnet']],
  CreateStack: [[['StackId'], 'AWS::CloudFormation::Stack']],
};

export function eventResources(
  service: string,
  operation: string,
  input: Record<string, unknown>,
  output: unknown,
): StoredResource[] {
  const found: StoredResource[] = [];
  const add = (type: string, name: unknown) => {
    if (typeof name !== 'string' || !name) return;
    if (!found.some((r) => r.ResourceType === type && r.ResourceName === name))
      found.push({ ResourceType: type, ResourceName: name });
  };
  for (const [member, type] of RULES[service] ?? []) {
    const value = input[member];
    if (Array.isArray(value)) for (const v of value) add(type, v);
    else add(type, value);
  }
  const out = output && typeof output === 'object' ? (output as Record<string, unknown>) : {};
  for (const [path, type] of CREATED[operation] ?? []) add(type, dig(out, path));
  if (operation === 'RunInstances') {
    for (const instance of (out.Instances as Record<string, unknown>[] | undefined) ?? [])
      add('AWS::EC2::Instance', instance?.InstanceId);
  }
  return found;
}

function dig(value: unknown, path: string[]): unknown {
  let at = value;
  for (const key of path)
    at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}
