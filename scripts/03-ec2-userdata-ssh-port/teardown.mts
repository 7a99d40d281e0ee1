#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 後片付け (the blog skipped the commands): terminate the instance and wait, revoke the 51512 rule, delete the
// key pair and its .pem, delete the user data file. Finds what it removes by the lab's tag as well as by the
// names the steps recorded, so it is safe after a half-finished run and safe to run twice.
import '../_lib/report-errors.mts';
import { rmSync } from 'node:fs';
import {
  DeleteKeyPairCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
  TerminateInstancesCommand,
  waitUntilInstanceTerminated,
} from '@aws-sdk/client-ec2';
import { client, LAB_TAG_KEY, teardown } from '@handson/aws';
import { aws } from '@handson/labkit';
import {
  dirUserData,
  EC2_SECURITY_GROUP_NAME,
  EC2_SECURITY_GROUP_PORT,
  EC2_SECURITY_GROUP_PROTOCOL,
  KEY_PAIR_NAME,
  keyFile,
  SLUG,
  vars,
} from './lab.mts';

// The SDK's own class (the waiter below wants it); the same instance as clients().ec2.
const ec2 = client(EC2Client);
const td = teardown(SLUG, { log: (line) => console.log(line) });
const labTag = { Name: `tag:${LAB_TAG_KEY}`, Values: [SLUG] };

// Added in reverse: teardown runs the last one first. A step that finds nothing throws a NotFound error,
// which teardown() reports as "already gone".
td.add('delete the user data file, the .pem and the lab variables', () => {
  rmSync(dirUserData(), { recursive: true, force: true });
  rmSync(keyFile(), { force: true });
  vars.clear();
});

td.add(`delete key pair ${KEY_PAIR_NAME}`, async () => {
  const described = await ec2.send(new DescribeKeyPairsCommand({ KeyNames: [KEY_PAIR_NAME] }));
  const ours = (described.KeyPairs ?? []).filter((k) =>
    k.Tags?.some((t) => t.Key === LAB_TAG_KEY && t.Value === SLUG),
  );
  // A SampleKeyPair the learner made outside the lab is left alone.
  if (ours.length === 0)
    throw Object.assign(new Error('no lab key pair'), { name: 'InvalidKeyPair.NotFound' });
  await aws(new DeleteKeyPairCommand({ KeyName: KEY_PAIR_NAME }));
});

td.add(
  `revoke the tcp/${EC2_SECURITY_GROUP_PORT} rule of the ${EC2_SECURITY_GROUP_NAME} security group`,
  async () => {
    const cidr = vars.get('EC2_SECURITY_GROUP_CIDR');
    const tagged =
      (await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [labTag] }))).SecurityGroupRules ?? [];
    const ingress = tagged.filter((r) => !r.IsEgress);
    if (ingress.length === 0 && cidr) {
      // The rule the steps recorded, revoked as the blog would have written it.
      await aws(
        new RevokeSecurityGroupIngressCommand({
          GroupName: EC2_SECURITY_GROUP_NAME,
          IpPermissions: [
            {
              IpProtocol: EC2_SECURITY_GROUP_PROTOCOL,
              FromPort: Number(EC2_SECURITY_GROUP_PORT),
              ToPort: Number(EC2_SECURITY_GROUP_PORT),
              IpRanges: [{ CidrIp: cidr }],
            },
          ],
        }),
      );
      return;
    }
    if (ingress.length === 0)
      throw Object.assign(new Error('no lab rule'), { name: 'InvalidPermission.NotFound' });
    for (const groupId of new Set(ingress.map((r) => r.GroupId!))) {
      await aws(
        new RevokeSecurityGroupIngressCommand({
          GroupId: groupId,
          SecurityGroupRuleIds: ingress
            .filter((r) => r.GroupId === groupId)
            .map((r) => r.SecurityGroupRuleId!),
        }),
      );
    }
  },
);

td.add('terminate the lab instance and wait until it is terminated', async () => {
  const described = await ec2.send(
    new DescribeInstancesCommand({
      Filters: [
        labTag,
        { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
      ],
    }),
  );
  const ids = (described.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId!);
  if (ids.length === 0)
    throw Object.assign(new Error('no lab instance'), { name: 'InvalidInstanceID.NotFound' });
  await aws(new TerminateInstancesCommand({ InstanceIds: ids }), {
    query: 'TerminatingInstances[].[InstanceId,CurrentState.Name]',
    output: 'text',
  });
  console.log(`$ aws ec2 wait instance-terminated --instance-ids ${ids.join(' ')}`);
  const waited = await waitUntilInstanceTerminated(
    { client: ec2, minDelay: 5, maxDelay: 15, maxWaitTime: 600 },
    { InstanceIds: ids },
  );
  console.log(`(waiter: ${waited.state}: ${ids.join(' ')} terminated)`);
});

const report = await td.run();
if (!report.ok) process.exit(1);
