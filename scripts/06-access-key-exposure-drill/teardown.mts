#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 後片付け: everything the lab and its attacker made, whatever step the run stopped at — instances, key pairs
// and security groups carrying the lab's tag in every region, the three users with their keys and passwords, the
// policy, the lab's files. A user or policy of the lab's names without the lab's tag is not the lab's: it
// stays. Safe to run twice.
import { rmSync } from 'node:fs';
import { DeleteTrailCommand, GetTrailCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import {
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsResult,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeletePolicyCommand,
  DeleteUserCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  ListAccessKeysCommand,
  type ListAccessKeysResponse,
  ListAttachedUserPoliciesCommand,
  type ListAttachedUserPoliciesResponse,
} from '@aws-sdk/client-iam';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients, isNotFound, LAB_TAG_KEY, teardown } from '@handson/aws';
import { allPages, forgetOnce } from '@handson/labkit';
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
      await ec2.send(new DeleteKeyPairCommand({ KeyPairId: k.KeyPairId }));
  });
  later(`delete the lab's security groups in ${region}`, async () => {
    const groups = await allPages<DescribeSecurityGroupsResult>(
      ec2,
      new DescribeSecurityGroupsCommand({ Filters: tagged }),
    );
    for (const g of groups.SecurityGroups ?? [])
      await ec2.send(new DeleteSecurityGroupCommand({ GroupId: g.GroupId }));
  });
}

/** A user with what must go before it: keys, password, attached policies (gone already: NoSuchEntity). */
async function deleteUser(UserName: string): Promise<void> {
  const keys = await allPages<ListAccessKeysResponse>(iam, new ListAccessKeysCommand({ UserName }));
  for (const { AccessKeyId } of keys.AccessKeyMetadata ?? [])
    await iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId }));
  await iam.send(new DeleteLoginProfileCommand({ UserName })).catch((error: unknown) => {
    if (!isNotFound(error)) throw error;
  });
  const attached = await allPages<ListAttachedUserPoliciesResponse>(
    iam,
    new ListAttachedUserPoliciesCommand({ UserName }),
  );
  for (const { PolicyArn } of attached.AttachedPolicies ?? [])
    await iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn }));
  await iam.send(new DeleteUserCommand({ UserName }));
}

/** Only what carries the lab's tag is deleted; a user or policy of the same name that does not stays. */
async function iamSteps(): Promise<void> {
  for (const UserName of [IAM_USER_NAME, COLLEAGUE_USER_NAME, ATTACKER_USER_NAME]) {
    const user = await findUser(UserName);
    if (user && !isOurs(user.Tags)) leftAlone(`IAM user ${UserName}`);
    else
      later(`delete IAM user ${UserName} with its keys, password and policies`, () => deleteUser(UserName));
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
  else later(`delete policy ${IAM_POLICY_NAME}`, () => iam.send(new DeletePolicyCommand({ PolicyArn })));
}

/** The trail (the lab's when it recorded its ARN), then the two buckets with every object, when tagged. */
async function trailSteps(): Promise<void> {
  const { cloudtrail } = regionClients(clients().region);
  const trail = await cloudtrail.send(new GetTrailCommand({ Name: TRAIL_NAME })).then(
    (out) => out.Trail,
    (error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    },
  );
  if (trail && trail.TrailARN !== vars.get('TRAIL_ARN')) leftAlone(`CloudTrail trail ${TRAIL_NAME}`);
  else
    later(`stop and delete CloudTrail trail ${TRAIL_NAME}`, async () => {
      await cloudtrail.send(new StopLoggingCommand({ Name: TRAIL_NAME }));
      await cloudtrail.send(new DeleteTrailCommand({ Name: TRAIL_NAME }));
    });
  const { Account } = await clients().sts.send(new GetCallerIdentityCommand({}));
  for (const Bucket of [dataBucket(Account as string), logBucket(Account as string)]) {
    const owner = await bucketOwner(Bucket);
    if (owner === 'theirs') leftAlone(`S3 bucket ${Bucket}`);
    else if (owner === 'ours') later(`empty and delete S3 bucket ${Bucket}`, () => deleteBucket(Bucket));
  }
}

/** Every object (1,000 keys a request), then the bucket. */
async function deleteBucket(Bucket: string): Promise<void> {
  const { s3 } = clients();
  for (;;) {
    const page = (await s3.send(new ListObjectsV2Command({ Bucket }))) as ListObjectsV2CommandOutput;
    const Objects = (page.Contents ?? []).map((c) => ({ Key: c.Key as string }));
    if (!Objects.length) break;
    await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects, Quiet: true } }));
  }
  await s3.send(new DeleteBucketCommand({ Bucket }));
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
