#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 5. 不正なリソースの削除 (IAMユーザーが作られているケースも): everything the events show the attacker made, in
// every region where it made something — instances first (their security group cannot go before them), then
// key pairs and security groups, then the persistence user and its keys.
// Run again, what is gone already is said so and skipped: only what is still there is removed.
import { join } from 'node:path';
import {
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsResult,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DetachUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  type ListAttachedUserPoliciesResponse,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { type AwsClients, isNotFound, notice } from '@handson/aws';
import { allPages } from '@handson/cli';
import { aws } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  dirWork,
  type Finding,
  findingsFile,
  findUser,
  liveInstances,
  type Made,
  madeBy,
  need,
  readLabFile,
  regionClients,
  sayRegion,
  waitUntil,
  writePrivate,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '08-remove-resources');

need('ATTACKER_KEYS', '06-lookup-events');
const made = madeBy(readLabFile<Finding[]>(findingsFile(), '06-lookup-events'));

async function terminate(region: string, c: AwsClients, ids: string[]): Promise<void> {
  const byId = [{ Name: 'instance-id', Values: ids }];
  const live = new Set((await liveInstances(c, byId)).map((i) => i.InstanceId));
  const InstanceIds = ids.filter((id) => live.has(id));
  if (InstanceIds.length === 0) {
    notice(`The instances in ${region} are terminated already (an earlier run): ${ids.join(' ')}.`);
    return;
  }
  await aws(new TerminateInstancesCommand({ InstanceIds }), {
    clients: c,
    query: 'TerminatingInstances[].[InstanceId,CurrentState.Name]',
    output: 'text',
  });
  // aws ec2 wait instance-terminated, polled here so the sandbox (which moves on with each request) and AWS
  // (which takes a minute or two) both work.
  const filter = [{ Name: 'instance-id', Values: InstanceIds }];
  await waitUntil(`the instances in ${region} to terminate`, async () => {
    return (await liveInstances(c, filter)).length === 0;
  });
  await aws(new DescribeInstancesCommand({ InstanceIds }), {
    clients: c,
    query: 'Reservations[].Instances[].[InstanceId,State.Name]',
    output: 'text',
  });
}

async function removeRegion(region: string, r: Made['regions'][string]): Promise<void> {
  sayRegion(region);
  const c = regionClients(region);
  if (r.instances.length) await terminate(region, c, r.instances);
  for (const KeyName of r.keyPairs) {
    const found = await c.ec2.send(
      new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-name', Values: [KeyName] }] }),
    );
    if (found.KeyPairs?.length) await aws(new DeleteKeyPairCommand({ KeyName }), { clients: c });
    else notice(`Key pair ${KeyName} in ${region} is deleted already (an earlier run).`);
  }
  for (const GroupId of r.securityGroups) {
    const found = await allPages<DescribeSecurityGroupsResult>(
      c.ec2,
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [GroupId] }] }),
    );
    if (found.SecurityGroups?.length) await aws(new DeleteSecurityGroupCommand({ GroupId }), { clients: c });
    else notice(`Security group ${GroupId} in ${region} is deleted already (an earlier run).`);
  }
}

async function removeUser(UserName: string): Promise<void> {
  const { iam } = regionClients('us-east-1');
  if (!(await findUser(UserName))) {
    notice(`IAM user ${UserName} is deleted already (an earlier run), with its keys.`);
    return;
  }
  const keys = await aws(new ListAccessKeysCommand({ UserName }), {
    query: 'AccessKeyMetadata[].AccessKeyId',
    output: 'text',
  });
  for (const { AccessKeyId } of keys.output.AccessKeyMetadata ?? [])
    await aws(new DeleteAccessKeyCommand({ UserName, AccessKeyId }));
  // A console password, if the attacker gave the user one (this one did not).
  await iam.send(new DeleteLoginProfileCommand({ UserName })).catch((error: unknown) => {
    if (!isNotFound(error)) throw error;
  });
  const attached = await allPages<ListAttachedUserPoliciesResponse>(
    iam,
    new ListAttachedUserPoliciesCommand({ UserName }),
  );
  for (const { PolicyArn } of attached.AttachedPolicies ?? [])
    await aws(new DetachUserPolicyCommand({ UserName, PolicyArn }));
  await aws(new DeleteUserCommand({ UserName }));
}

for (const [region, r] of Object.entries(made.regions).sort()) await removeRegion(region, r);
for (const UserName of made.users) await removeUser(UserName);
await aws(new ListUsersCommand({}), { query: 'Users[].UserName', output: 'text' });
writePrivate(join(dirWork(), 'removed.json'), made);
console.log(
  `# removed: ${made.users.length} IAM user(s), ${made.accessKeys.length} access key(s), and in ${Object.keys(made.regions).length} regions their instances, key pairs and security groups`,
);
