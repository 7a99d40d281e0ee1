#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 後片付け: everything the lab and its attacker made, whatever step the run stopped at — instances, key pairs
// and security groups carrying the lab's tag in every region, both users with their keys and passwords, the
// policy, the lab's files. Safe to run twice.
import '../_lib/report-errors.mts';
import { rmSync } from 'node:fs';
import {
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeletePolicyCommand,
  DeleteUserCommand,
  DetachUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { clients, isNotFound, LAB_TAG_KEY, teardown } from '@handson/aws';
import {
  ATTACKER_USER_NAME,
  allRegions,
  dirWork,
  IAM_POLICY_NAME,
  IAM_USER_NAME,
  regionClients,
  SLUG,
  sleep,
  vars,
} from './lab.mts';

const td = teardown(SLUG, { log: (line) => console.log(line) });
// Steps in the order they must run (instances before their security groups, users before their policy);
// the teardown runs what it is given last first, so they are handed over reversed at the end.
const steps: [string, () => unknown][] = [];
const step = (description: string, fn: () => unknown) => steps.push([description, fn]);
const tagged = [{ Name: `tag:${LAB_TAG_KEY}`, Values: [SLUG] }];
const { iam, sts } = clients();

for (const region of await allRegions()) {
  const { ec2 } = regionClients(region);
  step(`terminate the lab's instances in ${region}`, async () => {
    const live = async () =>
      ((await ec2.send(new DescribeInstancesCommand({ Filters: tagged }))).Reservations ?? [])
        .flatMap((r) => r.Instances ?? [])
        .filter((i) => i.State?.Name !== 'terminated');
    const ids = (await live()).map((i) => i.InstanceId as string);
    if (!ids.length) return;
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
    for (let attempt = 1; (await live()).length; attempt++) {
      if (attempt > 60) throw new Error(`instances in ${region} are not terminated yet`);
      await sleep(attempt < 5 ? 200 : 5000);
    }
  });
  step(`delete the lab's key pairs in ${region}`, async () => {
    for (const k of (await ec2.send(new DescribeKeyPairsCommand({ Filters: tagged }))).KeyPairs ?? [])
      await ec2.send(new DeleteKeyPairCommand({ KeyPairId: k.KeyPairId }));
  });
  step(`delete the lab's security groups in ${region}`, async () => {
    for (const g of (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: tagged }))).SecurityGroups ??
      [])
      await ec2.send(new DeleteSecurityGroupCommand({ GroupId: g.GroupId }));
  });
}

const account = (await sts.send(new (await import('@aws-sdk/client-sts')).GetCallerIdentityCommand({})))
  .Account;
const policyArn = vars.get('IAM_POLICY_ARN') ?? `arn:aws:iam::${account}:policy/${IAM_POLICY_NAME}`;
for (const UserName of [IAM_USER_NAME, ATTACKER_USER_NAME]) {
  step(`delete IAM user ${UserName} with its keys, password and policies`, async () => {
    const keys = await iam.send(new ListAccessKeysCommand({ UserName }));
    for (const { AccessKeyId } of keys.AccessKeyMetadata ?? [])
      await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId }));
    await iam.send(new DeleteLoginProfileCommand({ UserName })).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
    for (const { PolicyArn } of (await iam.send(new ListAttachedUserPoliciesCommand({ UserName })))
      .AttachedPolicies ?? [])
      await iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn }));
    await iam.send(new DeleteUserCommand({ UserName }));
  });
}
step(`delete policy ${IAM_POLICY_NAME}`, () => iam.send(new DeletePolicyCommand({ PolicyArn: policyArn })));
step('delete the lab files', () => {
  rmSync(dirWork(), { recursive: true, force: true });
  vars.clear();
});
for (const [description, fn] of steps.reverse()) td.add(description, fn);
const report = await td.run();
if (!report.ok) process.exit(1);
