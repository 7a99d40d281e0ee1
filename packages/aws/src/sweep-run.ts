import {
  DeleteStackCommand,
  DescribeStacksCommand,
  type DescribeStacksCommandOutput,
} from '@aws-sdk/client-cloudformation';
import {
  DeleteTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  type ListTablesCommandOutput,
  ListTagsOfResourceCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DeleteVpcCommand,
  DescribeInstancesCommand,
  type DescribeInstancesCommandOutput,
  DescribeKeyPairsCommand,
  type DescribeKeyPairsCommandOutput,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsCommandOutput,
  DescribeVpcsCommand,
  type DescribeVpcsCommandOutput,
  EC2Client,
  type Filter,
  TerminateInstancesCommand,
  waitUntilInstanceTerminated,
} from '@aws-sdk/client-ec2';
import {
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  ListAccessKeysCommand,
  type ListAccessKeysCommandOutput,
  ListAttachedRolePoliciesCommand,
  type ListAttachedRolePoliciesCommandOutput,
  ListAttachedUserPoliciesCommand,
  type ListAttachedUserPoliciesCommandOutput,
  ListEntitiesForPolicyCommand,
  type ListEntitiesForPolicyCommandOutput,
  ListGroupsForUserCommand,
  type ListGroupsForUserCommandOutput,
  ListInstanceProfilesForRoleCommand,
  type ListInstanceProfilesForRoleCommandOutput,
  ListPoliciesCommand,
  type ListPoliciesCommandOutput,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  type ListPolicyVersionsCommandOutput,
  ListRolePoliciesCommand,
  type ListRolePoliciesCommandOutput,
  ListRolesCommand,
  type ListRolesCommandOutput,
  ListRoleTagsCommand,
  ListUserPoliciesCommand,
  type ListUserPoliciesCommandOutput,
  ListUsersCommand,
  type ListUsersCommandOutput,
  ListUserTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketTaggingCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import {
  DeleteQueueCommand,
  ListQueuesCommand,
  type ListQueuesCommandOutput,
  ListQueueTagsCommand,
} from '@aws-sdk/client-sqs';
import { allPages } from '@handson/cli-output';
import { type AwsClients, clientIn, clientsFor, clients as currentClients } from './clients.js';
import { isHandsonAwsError } from './errors.js';
import type { LabClient } from './lab-client.js';
import { notice } from './notice.js';
import { LAB_TAG_KEY, labOf } from './tags.js';
import { isNotFound, type TeardownReport, teardown } from './teardown.js';

export type SweepKind =
  | 'cloudformation:stack'
  | 'ec2:instance'
  | 'ec2:key-pair'
  | 'ec2:security-group'
  | 'ec2:vpc'
  | 'sqs:queue'
  | 'dynamodb:table'
  | 's3:bucket'
  | 'iam:user'
  | 'iam:role'
  | 'iam:policy';

export interface SweepItem {
  kind: SweepKind;
  /** The id the delete call takes: name, id, URL or ARN. */
  id: string;
  /** The lab slug on its handson:lab tag. */
  lab: string;
  /** For EC2 resources found outside the clients' region: where. */
  region?: string;
}

export interface SweepOptions {
  /** Delete what was found (default: only list). */
  delete?: boolean;
  clients?: AwsClients;
  log?: (line: string) => void;
  /**
   * Where else to look for EC2 resources: a list of regions, or `all` (every region DescribeRegions gives;
   * the exposed-key drill's attacker runs instances in several). Default: the clients' region only.
   */
  regions?: string[] | 'all';
  /** Clients for another region (default: `clientsFor({ region })` in the current environment). */
  clientsIn?: (region: string) => AwsClients;
}

export interface SweepResult {
  found: SweepItem[];
  /** Resource kinds that could not be listed (e.g. a service the endpoint does not offer), with why. */
  skipped: Array<{ kind: SweepKind; reason: string }>;
  deleted?: TeardownReport;
}

type Lister = (c: AwsClients, filters: Filter[]) => Promise<Array<{ id: string; tags: unknown }>>;

/** A list read to the end: a real account's lists come in pages (see @handson/cli-output allPages). */
const list = <O>(client: LabClient, command: { input: object; schema?: unknown }) =>
  allPages<O>(client as never, command);

// EC2 filters by tag server-side; IAM, SQS and CloudFormation list everything and we read each one's tags.
const LISTERS: Array<[SweepKind, Lister]> = [
  [
    'cloudformation:stack',
    async (c) =>
      (
        (await list<DescribeStacksCommandOutput>(c.cloudformation, new DescribeStacksCommand({}))).Stacks ??
        []
      )
        .filter((stack) => stack.StackStatus !== 'DELETE_COMPLETE')
        .map((stack) => ({ id: stack.StackName!, tags: stack.Tags })),
  ],
  [
    'ec2:instance',
    async (c, Filters) =>
      (
        (
          await list<DescribeInstancesCommandOutput>(
            c.ec2,
            new DescribeInstancesCommand({
              Filters: [
                ...Filters,
                { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
              ],
            }),
          )
        ).Reservations ?? []
      )
        .flatMap((r) => r.Instances ?? [])
        .map((instance) => ({ id: instance.InstanceId!, tags: instance.Tags })),
  ],
  [
    'ec2:key-pair',
    async (c, Filters) =>
      (
        (await list<DescribeKeyPairsCommandOutput>(c.ec2, new DescribeKeyPairsCommand({ Filters })))
          .KeyPairs ?? []
      ).map((key) => ({
        id: key.KeyName!,
        tags: key.Tags,
      })),
  ],
  [
    'ec2:security-group',
    async (c, Filters) =>
      (
        (
          await list<DescribeSecurityGroupsCommandOutput>(
            c.ec2,
            new DescribeSecurityGroupsCommand({ Filters }),
          )
        ).SecurityGroups ?? []
      )
        .filter((group) => group.GroupName !== 'default')
        .map((group) => ({ id: group.GroupId!, tags: group.Tags })),
  ],
  [
    'ec2:vpc',
    async (c, Filters) =>
      ((await list<DescribeVpcsCommandOutput>(c.ec2, new DescribeVpcsCommand({ Filters }))).Vpcs ?? []).map(
        (vpc) => ({
          id: vpc.VpcId!,
          tags: vpc.Tags,
        }),
      ),
  ],
  [
    'sqs:queue',
    async (c) => {
      const urls = (await list<ListQueuesCommandOutput>(c.sqs, new ListQueuesCommand({}))).QueueUrls ?? [];
      const out = [];
      for (const QueueUrl of urls) {
        out.push({ id: QueueUrl, tags: (await c.sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags });
      }
      return out;
    },
  ],
  [
    'dynamodb:table',
    async (c) => {
      const names =
        (await list<ListTablesCommandOutput>(c.dynamodb, new ListTablesCommand({}))).TableNames ?? [];
      const out = [];
      for (const TableName of names) {
        const { Table } = await c.dynamodb.send(new DescribeTableCommand({ TableName }));
        // A table being deleted is on its way out already.
        if (!Table?.TableArn || Table.TableStatus === 'DELETING') continue;
        const { Tags } = await c.dynamodb.send(
          new ListTagsOfResourceCommand({ ResourceArn: Table.TableArn }),
        );
        out.push({ id: TableName, tags: Tags });
      }
      return out;
    },
  ],
  [
    's3:bucket',
    async (c) => {
      const out = [];
      for (const { Name } of (await c.s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
        try {
          out.push({
            id: Name!,
            tags: (await c.s3.send(new GetBucketTaggingCommand({ Bucket: Name }))).TagSet,
          });
        } catch (error) {
          // A bucket without tags answers NoSuchTagSet: not a lab's.
          if ((error as Error).name !== 'NoSuchTagSet') throw error;
        }
      }
      return out;
    },
  ],
  [
    'iam:user',
    async (c) => {
      const users = (await list<ListUsersCommandOutput>(c.iam, new ListUsersCommand({}))).Users ?? [];
      const out = [];
      for (const { UserName } of users) {
        out.push({ id: UserName!, tags: (await c.iam.send(new ListUserTagsCommand({ UserName }))).Tags });
      }
      return out;
    },
  ],
  [
    'iam:role',
    async (c) => {
      const roles = (await list<ListRolesCommandOutput>(c.iam, new ListRolesCommand({}))).Roles ?? [];
      const out = [];
      for (const { RoleName } of roles) {
        out.push({ id: RoleName!, tags: (await c.iam.send(new ListRoleTagsCommand({ RoleName }))).Tags });
      }
      return out;
    },
  ],
  [
    'iam:policy',
    async (c) => {
      const policies =
        (await list<ListPoliciesCommandOutput>(c.iam, new ListPoliciesCommand({ Scope: 'Local' })))
          .Policies ?? [];
      const out = [];
      for (const { Arn } of policies) {
        out.push({ id: Arn!, tags: (await c.iam.send(new ListPolicyTagsCommand({ PolicyArn: Arn }))).Tags });
      }
      return out;
    },
  ],
];

/**
 * Finds what the labs left behind by their handson:lab tag (one lab's, or every lab's), on whatever the
 * target is, and with `delete: true` removes it in dependency order through a teardown registry.
 */
export async function sweep(slug?: string, options: SweepOptions = {}): Promise<SweepResult> {
  const c = options.clients ?? currentClients();
  const log = options.log ?? notice;
  const filters: Filter[] = slug
    ? [{ Name: `tag:${LAB_TAG_KEY}`, Values: [slug] }]
    : [{ Name: 'tag-key', Values: [LAB_TAG_KEY] }];
  const found: SweepItem[] = [];
  const skipped: SweepResult['skipped'] = [];
  const regional = new Map<string, AwsClients>();
  const others =
    options.regions === 'all'
      ? ((await c.ec2.send(new DescribeRegionsCommand({}))).Regions ?? []).map((r) => r.RegionName!)
      : (options.regions ?? []);
  const clientsIn = options.clientsIn ?? ((region: string) => clientsFor({ region }));
  for (const region of others) if (region !== c.region) regional.set(region, clientsIn(region));
  const targets: Array<[SweepKind, Lister, AwsClients, string | undefined]> = [];
  for (const [kind, list] of LISTERS) {
    targets.push([kind, list, c, undefined]);
    if (kind.startsWith('ec2:')) for (const [region, rc] of regional) targets.push([kind, list, rc, region]);
  }
  for (const [kind, list, on, region] of targets) {
    try {
      for (const { id, tags } of await list(on, filters)) {
        const lab = labOf(tags as Parameters<typeof labOf>[0]);
        if (lab !== undefined && (slug === undefined || lab === slug))
          found.push({ kind, id, lab, ...(region ? { region } : {}) });
      }
    } catch (error) {
      // Our own errors (no credentials, nothing listening) concern every kind: stop and say so.
      if (isHandsonAwsError(error)) throw error;
      const reason = `${(error as Error).name}: ${(error as Error).message}`;
      skipped.push({ kind, reason });
      log(`sweep: could not list ${kind} (${reason})`);
    }
  }
  for (const item of found) {
    const where = item.region ? ` in ${item.region}` : '';
    log(`sweep: found ${item.kind} ${item.id}${where} (${LAB_TAG_KEY}=${item.lab})`);
  }
  if (!options.delete) return { found, skipped };

  const td = teardown(slug ?? 'all-labs', { log });
  // Registered last-first: teardown runs them in reverse, so stacks go first and IAM policies last.
  for (const item of [...found].reverse())
    addDeletion(td, item.region ? regional.get(item.region)! : c, item);
  return { found, skipped, deleted: await td.run() };
}

function addDeletion(td: ReturnType<typeof teardown>, c: AwsClients, { kind, id, region }: SweepItem): void {
  const what = `${kind} ${id}${region ? ` in ${region}` : ''}`;
  switch (kind) {
    case 'cloudformation:stack':
      td.add(`delete ${what}`, () => c.cloudformation.send(new DeleteStackCommand({ StackName: id })));
      return;
    case 'ec2:instance':
      td.add(`terminate ${what}`, async () => {
        await c.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
        // Security groups and VPCs cannot go while the instance still exists.
        await waitUntilInstanceTerminated(
          { client: clientIn(c, EC2Client), maxWaitTime: 600 },
          { InstanceIds: [id] },
        );
      });
      return;
    case 'ec2:key-pair':
      td.add(`delete ${what}`, () => c.ec2.send(new DeleteKeyPairCommand({ KeyName: id })));
      return;
    case 'ec2:security-group':
      td.add(`delete ${what}`, () => c.ec2.send(new DeleteSecurityGroupCommand({ GroupId: id })));
      return;
    case 'ec2:vpc':
      td.add(`delete ${what}`, () => c.ec2.send(new DeleteVpcCommand({ VpcId: id })));
      return;
    case 'sqs:queue':
      td.add(`delete ${what}`, () => c.sqs.send(new DeleteQueueCommand({ QueueUrl: id })));
      return;
    case 'dynamodb:table':
      td.add(`delete ${what}`, () => c.dynamodb.send(new DeleteTableCommand({ TableName: id })));
      return;
    case 's3:bucket':
      td.add(`delete ${what} (its objects first)`, () => deleteBucket(c, id));
      return;
    case 'iam:user':
      td.add(`delete ${what} (keys, login profile, policies, groups first)`, () => deleteUser(c, id));
      return;
    case 'iam:role':
      td.add(`delete ${what} (instance profiles and policies first)`, () => deleteRole(c, id));
      return;
    case 'iam:policy':
      td.add(`delete ${what} (detached and old versions first)`, () => deletePolicy(c, id));
      return;
  }
}

/** An IAM user and what hangs off it: access keys, login profile, policies, group memberships. */
export async function deleteUser(c: AwsClients, UserName: string) {
  const { iam } = c;
  for (const key of (await list<ListAccessKeysCommandOutput>(iam, new ListAccessKeysCommand({ UserName })))
    .AccessKeyMetadata ?? []) {
    await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: key.AccessKeyId }));
  }
  try {
    await iam.send(new DeleteLoginProfileCommand({ UserName }));
  } catch (error) {
    if (!isNotFound(error)) throw error; // a user without a console password
  }
  for (const p of (
    await list<ListAttachedUserPoliciesCommandOutput>(iam, new ListAttachedUserPoliciesCommand({ UserName }))
  ).AttachedPolicies ?? []) {
    await iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: p.PolicyArn }));
  }
  for (const PolicyName of (
    await list<ListUserPoliciesCommandOutput>(iam, new ListUserPoliciesCommand({ UserName }))
  ).PolicyNames ?? []) {
    await iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName }));
  }
  for (const g of (
    await list<ListGroupsForUserCommandOutput>(iam, new ListGroupsForUserCommand({ UserName }))
  ).Groups ?? []) {
    await iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName: g.GroupName }));
  }
  await iam.send(new DeleteUserCommand({ UserName }));
}

async function deleteRole(c: AwsClients, RoleName: string) {
  const { iam } = c;
  for (const profile of (
    await list<ListInstanceProfilesForRoleCommandOutput>(
      iam,
      new ListInstanceProfilesForRoleCommand({ RoleName }),
    )
  ).InstanceProfiles ?? []) {
    await iam.send(
      new RemoveRoleFromInstanceProfileCommand({
        RoleName,
        InstanceProfileName: profile.InstanceProfileName,
      }),
    );
  }
  for (const p of (
    await list<ListAttachedRolePoliciesCommandOutput>(iam, new ListAttachedRolePoliciesCommand({ RoleName }))
  ).AttachedPolicies ?? []) {
    await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: p.PolicyArn }));
  }
  for (const PolicyName of (
    await list<ListRolePoliciesCommandOutput>(iam, new ListRolePoliciesCommand({ RoleName }))
  ).PolicyNames ?? []) {
    await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }));
  }
  await iam.send(new DeleteRoleCommand({ RoleName }));
}

async function deletePolicy(c: AwsClients, PolicyArn: string) {
  const { iam } = c;
  const entities = await list<ListEntitiesForPolicyCommandOutput>(
    iam,
    new ListEntitiesForPolicyCommand({ PolicyArn }),
  );
  for (const { UserName } of entities.PolicyUsers ?? []) {
    await iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn }));
  }
  for (const { RoleName } of entities.PolicyRoles ?? []) {
    await iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }));
  }
  for (const { GroupName } of entities.PolicyGroups ?? []) {
    await iam.send(new DetachGroupPolicyCommand({ GroupName, PolicyArn }));
  }
  for (const version of (
    await list<ListPolicyVersionsCommandOutput>(iam, new ListPolicyVersionsCommand({ PolicyArn }))
  ).Versions ?? []) {
    if (!version.IsDefaultVersion) {
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn, VersionId: version.VersionId }));
    }
  }
  await iam.send(new DeletePolicyCommand({ PolicyArn }));
}

async function deleteBucket(c: AwsClients, Bucket: string) {
  let token: string | undefined;
  do {
    const page = await c.s3
      .send(new ListObjectsV2Command({ Bucket, ContinuationToken: token }))
      .catch((error: Error) => {
        // An endpoint that keeps no objects (the sandbox answers NotImplemented) has nothing to empty.
        if (error.name === 'NotImplemented') return { Contents: [], NextContinuationToken: undefined };
        throw error;
      });
    for (const { Key } of page.Contents ?? []) await c.s3.send(new DeleteObjectCommand({ Bucket, Key }));
    token = page.NextContinuationToken;
  } while (token);
  await c.s3.send(new DeleteBucketCommand({ Bucket }));
}
