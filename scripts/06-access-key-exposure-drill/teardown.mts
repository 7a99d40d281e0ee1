#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 後片付け: everything the lab and its attacker made, whatever step the run stopped at — instances, key pairs
// and security groups carrying the lab's tag in every region, the three users with their keys and passwords, the
// policy, the lab's files. A user or policy of the lab's names without the lab's tag is not the lab's: it
// stays. Safe to run twice.
import { rmSync } from 'node:fs';
import { GetTrailCommand } from '@aws-sdk/client-cloudtrail';
import {
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsResult,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { GetPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients, isNotFound, LAB_TAG_KEY, removeResource, teardown } from '@handson/aws';
import { allPages } from '@handson/cli';
import { forgetOnce } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  ATTACKER_USER_NAME,
  allRegions,
  COLLEAGUE_USER_NAME,
  dirWork,
  findUser,
  IAM_POLICY_NAME,
  IAM_USER_NAME,
  isOurs,
  liveInstances,
  policyArn,
  regionClients,
  SLUG,
  vars,
  waitUntil,
} from './lab.mts';
import { LAB } from './manifest.mts';
import { bucketOwner, dataBucket, logBucket, TRAIL_NAME } from './trail.mts';

await step(LAB, 'teardown');

const td = teardown(SLUG, { log: (line) => console.log(line) });
// Steps in the order they must run (instances before their security groups, users before their policy);
// the teardown runs what it is given last first, so they are handed over reversed at the end.
const steps: [string, () => unknown][] = [];
const later = (description: string, fn: () => unknown) => steps.push([description, fn]);
const tagged = [{ Name: `tag:${LAB_TAG_KEY}`, Values: [SLUG] }];
const { iam } = clients();
const leftAlone = (what: string) =>
  console.log(`teardown ${SLUG}: left alone    ${what} (not made by this lab: no ${LAB_TAG_KEY} tag)`);

function regionSteps(region: string): void {
  const set = regionClients(region);
  const { ec2 } = set;
  later(`terminate the lab's instances in ${region}`, async () => {
    const ids = (await liveInstances(set, tagged)).map((i) => i.InstanceId as string);
    if (!ids.length) return;
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
    await waitUntil(
      `the lab's instances in ${region} to terminate`,
      async () => (await liveInstances(set, tagged)).length === 0,
    );
  });
  later(`delete the lab's key pairs in ${region}`, async () => {
    for (const k of (await ec2.send(new DescribeKeyPairsCommand({ Filters: tagged }))).KeyPairs ?? [])
      await removeResource('ec2:key-pair', k.KeyName as string, set);
  });
  later(`delete the lab's security groups in ${region}`, async () => {
    const groups = await allPages<DescribeSecurityGroupsResult>(
      ec2,
      new DescribeSecurityGroupsCommand({ Filters: tagged }),
    );
    for (const g of groups.SecurityGroups ?? [])
      await removeResource('ec2:security-group', g.GroupId as string, set);
  });
}

/** Only what carries the lab's tag is deleted; a user or policy of the same name that does not stays. */
async function iamSteps(): Promise<void> {
  for (const UserName of [IAM_USER_NAME, COLLEAGUE_USER_NAME, ATTACKER_USER_NAME]) {
    const user = await findUser(UserName);
    if (user && !isOurs(user.Tags)) leftAlone(`IAM user ${UserName}`);
    else
      later(`delete IAM user ${UserName} with its keys, password and policies`, () =>
        removeResource('iam:user', UserName),
      );
  }
  const PolicyArn = vars.get('IAM_POLICY_ARN') ?? (await policyArn());
  const policy = await iam.send(new GetPolicyCommand({ PolicyArn })).then(
    (out) => out.Policy,
    (error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    },
  );
  if (policy && !isOurs(policy.Tags)) leftAlone(`IAM policy ${IAM_POLICY_NAME}`);
  else later(`delete policy ${IAM_POLICY_NAME}`, () => removeResource('iam:policy', PolicyArn));
}

/** The trail (the lab's when it recorded its ARN), then the two buckets with every object, when tagged. */
async function trailSteps(): Promise<void> {
  const ct = regionClients(clients().region);
  const { cloudtrail } = ct;
  const trail = await cloudtrail.send(new GetTrailCommand({ Name: TRAIL_NAME })).then(
    (out) => out.Trail,
    (error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    },
  );
  if (trail && trail.TrailARN !== vars.get('TRAIL_ARN')) leftAlone(`CloudTrail trail ${TRAIL_NAME}`);
  else
    later(`stop and delete CloudTrail trail ${TRAIL_NAME}`, () =>
      removeResource('cloudtrail:trail', TRAIL_NAME, ct),
    );
  const { Account } = await clients().sts.send(new GetCallerIdentityCommand({}));
  for (const Bucket of [dataBucket(Account as string), logBucket(Account as string)]) {
    const owner = await bucketOwner(Bucket);
    if (owner === 'theirs') leftAlone(`S3 bucket ${Bucket}`);
    else if (owner === 'ours')
      later(`empty and delete S3 bucket ${Bucket}`, () => removeResource('s3:bucket', Bucket));
  }
}

for (const region of await allRegions()) regionSteps(region);
await iamSteps();
await trailSteps();
later('delete the lab files', () => {
  rmSync(dirWork(), { recursive: true, force: true });
  vars.clear();
});
for (const [description, fn] of steps.reverse()) td.add(description, fn);
// The notebook's record of which cells ran: after a teardown they create again.
forgetOnce(SLUG);
const report = await td.run();
if (!report.ok) process.exit(1);
