import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { GetResourceCollectionCommand } from '@aws-sdk/client-devops-guru';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  ListAccessKeysCommand,
  ListGroupsCommand,
  ListPoliciesCommand,
  ListRolesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '@handson/aws';

/**
 * Everything an administrator can list on the sandbox, tagged or not (IAM groups cannot carry tags), EC2 in
 * every region: what teardown must bring back to how it was. Terminated instances and deleted stacks are
 * listed by AWS for a while after and are not resources.
 */
export async function inventory(c: AwsClients, url: string): Promise<string[]> {
  const out: string[] = [];
  for (const u of (await c.iam.send(new ListUsersCommand({ MaxItems: 1000 }))).Users ?? []) {
    out.push(`iam user ${u.UserName}`);
    for (const k of (await c.iam.send(new ListAccessKeysCommand({ UserName: u.UserName })))
      .AccessKeyMetadata ?? [])
      out.push(`iam access key ${k.AccessKeyId} of ${u.UserName}`);
  }
  for (const g of (await c.iam.send(new ListGroupsCommand({ MaxItems: 1000 }))).Groups ?? [])
    out.push(`iam group ${g.GroupName}`);
  for (const r of (await c.iam.send(new ListRolesCommand({ MaxItems: 1000 }))).Roles ?? [])
    out.push(`iam role ${r.RoleName}`);
  for (const p of (await c.iam.send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 1000 }))).Policies ??
    [])
    out.push(`iam policy ${p.PolicyName}`);
  for (const b of (await c.s3.send(new ListBucketsCommand({}))).Buckets ?? [])
    out.push(`s3 bucket ${b.Name}`);
  for (const q of (await c.sqs.send(new ListQueuesCommand({ MaxResults: 1000 }))).QueueUrls ?? [])
    out.push(`sqs queue ${q.slice(q.lastIndexOf('/') + 1)}`);
  for (const t of (await c.dynamodb.send(new ListTablesCommand({}))).TableNames ?? [])
    out.push(`dynamodb table ${t}`);
  // DevOps Guru's coverage is no resource with a tag, but left on it costs by the resource-hour (Lab 07).
  const coverage = await c['devops-guru'].send(
    new GetResourceCollectionCommand({ ResourceCollectionType: 'AWS_TAGS' }),
  );
  for (const t of coverage.ResourceCollection?.Tags ?? [])
    out.push(`devops-guru coverage ${t.AppBoundaryKey}=${(t.TagValues ?? []).join(',')}`);
  for (const s of (await c.cloudformation.send(new DescribeStacksCommand({}))).Stacks ?? [])
    if (s.StackStatus !== 'DELETE_COMPLETE') out.push(`cloudformation stack ${s.StackName}`);
  const regions = (await c.ec2.send(new DescribeRegionsCommand({}))).Regions ?? [];
  for (const { RegionName } of regions) {
    const config = {
      endpoint: url,
      region: RegionName,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    const ec2 = new EC2Client(config);
    const where = `(${RegionName})`;
    // A trail left logging keeps writing to its bucket (Lab 06); a multi-region trail is listed once, at home.
    const cloudtrail = new CloudTrailClient(config);
    for (const t of (await cloudtrail.send(new DescribeTrailsCommand({ includeShadowTrails: false })))
      .trailList ?? [])
      out.push(`cloudtrail trail ${t.Name} ${where}`);
    cloudtrail.destroy();
    for (const r of (await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? [])
      for (const i of r.Instances ?? [])
        if (i.State?.Name !== 'terminated')
          out.push(`ec2 instance ${i.InstanceId} ${i.State?.Name} ${where}`);
    for (const k of (await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? [])
      out.push(`ec2 key pair ${k.KeyName} ${where}`);
    for (const g of (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? []) {
      const rules = JSON.stringify([g.IpPermissions ?? [], g.IpPermissionsEgress ?? []]);
      out.push(`ec2 security group ${g.GroupName} ${g.GroupId} ${where} rules ${rules}`);
    }
    for (const v of (await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? [])
      out.push(`ec2 vpc ${v.VpcId} ${v.CidrBlock} ${where}`);
    ec2.destroy();
  }
  return out.sort();
}

/** What is listed now that was not before. */
export function added(before: string[], after: string[]): string[] {
  const had = new Set(before);
  return after.filter((x) => !had.has(x));
}
