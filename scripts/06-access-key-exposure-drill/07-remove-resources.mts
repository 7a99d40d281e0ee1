#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 5. 不正なリソースの削除 (IAMユーザーが作られているケースも): everything the events show the attacker made, in
// every region where it made something — instances first (their security group cannot go before them), then
// key pairs and security groups, then the persistence user and its keys.
import '../_lib/report-errors.mts';
import { join } from 'node:path';
import {
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DetachUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { isNotFound } from '@handson/aws';
import { aws } from '@handson/labkit';
import {
  dirWork,
  type Finding,
  findingsFile,
  madeBy,
  readJson,
  regionClients,
  sayRegion,
  sleep,
  vars,
  writePrivate,
} from './lab.mts';

vars.need('ATTACKER_KEYS', '06-lookup-events.mts');
const made = madeBy(readJson<Finding[]>(findingsFile()));

for (const [region, r] of Object.entries(made.regions).sort()) {
  sayRegion(region);
  const c = regionClients(region);
  if (r.instances.length) {
    await aws(new TerminateInstancesCommand({ InstanceIds: r.instances }), {
      clients: c,
      query: 'TerminatingInstances[].[InstanceId,CurrentState.Name]',
      output: 'text',
    });
    // aws ec2 wait instance-terminated, polled here so the sandbox (which moves on with each request) and AWS
    // (which takes a minute) both work.
    for (let attempt = 1; ; attempt++) {
      const out = await c.ec2.send(new DescribeInstancesCommand({ InstanceIds: r.instances }));
      const states = (out.Reservations ?? []).flatMap((x) => x.Instances ?? []).map((i) => i.State?.Name);
      if (states.every((s) => s === 'terminated')) break;
      if (attempt > 60) throw new Error(`instances in ${region} not terminated: ${states.join(', ')}`);
      await sleep(attempt < 5 ? 200 : 5000);
    }
    await aws(new DescribeInstancesCommand({ InstanceIds: r.instances }), {
      clients: c,
      query: 'Reservations[].Instances[].[InstanceId,State.Name]',
      output: 'text',
    });
  }
  for (const KeyName of r.keyPairs) await aws(new DeleteKeyPairCommand({ KeyName }), { clients: c });
  for (const GroupId of r.securityGroups)
    await aws(new DeleteSecurityGroupCommand({ GroupId }), { clients: c });
}

const { iam } = regionClients('us-east-1');
for (const UserName of made.users) {
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
  const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName }));
  for (const { PolicyArn } of attached.AttachedPolicies ?? [])
    await aws(new DetachUserPolicyCommand({ UserName, PolicyArn }));
  await aws(new DeleteUserCommand({ UserName }));
}
await aws(new ListUsersCommand({}), { query: 'Users[].UserName', output: 'text' });
writePrivate(join(dirWork(), 'removed.json'), made);
console.log(
  `# removed: ${made.users.length} IAM user(s), ${made.accessKeys.length} access key(s), and in ${Object.keys(made.regions).length} regions their instances, key pairs and security groups`,
);
