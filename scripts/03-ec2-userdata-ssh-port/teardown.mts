#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 後片付け (the blog skipped the commands): terminate the instance and wait, revoke the 51512 rule, delete the
// key pair and its .pem, delete the user data file. Finds what it removes by the lab's tag as well as by the
// names the steps recorded, so it is safe after a half-finished run and safe to run twice.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  DeleteKeyPairCommand,
  DescribeSecurityGroupRulesCommand,
  type DescribeSecurityGroupRulesCommandOutput,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroupRule,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  type ListAttachedRolePoliciesCommandOutput,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { clients, labOf, teardown } from '@handson/aws';
import { allPages } from '@handson/cli';
import { aws, forgetOnce, workDir } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { CLOUD9_ROLE_NAME, findProfile, findRole } from './cloud9-role.mts';
import {
  dirUserData,
  EC2_SECURITY_GROUP_NAME,
  EC2_SECURITY_GROUP_PORT,
  KEY_PAIR_NAME,
  keyFile,
  SLUG,
  vars,
} from './lab.mts';
import { LAB } from './manifest.mts';
import { findKeyPair, isLabs, LAB_TAG_FILTER, liveLabInstances, waitForInstances } from './resources.mts';

await step(LAB, 'teardown');

const { ec2 } = clients();
const td = teardown(SLUG, { log: (line) => console.log(line) });
const gone = (name: string, what: string) => Object.assign(new Error(what), { name });

// Added in reverse: teardown runs the last one first. A step that finds nothing throws a NotFound error,
// which teardown() reports as "already gone".
td.add('delete the user data file, the .pem and the lab variables', () => {
  rmSync(dirUserData(), { recursive: true, force: true });
  rmSync(keyFile(), { force: true });
  rmSync(join(workDir(SLUG), 'ssh-ports.svg'), { force: true });
  vars.clear();
});

td.add(`delete the Cloud9 role ${CLOUD9_ROLE_NAME} and its instance profile`, async () => {
  // Only what carries the lab's tag: a role or profile of that name the learner made stays.
  const profile = await findProfile();
  const role = await findRole();
  const profileIsOurs = labOf(profile?.Tags) === SLUG;
  const roleIsOurs = labOf(role?.Tags) === SLUG;
  if (!profileIsOurs && !roleIsOurs) throw gone('NoSuchEntity', 'no lab role');
  if (profileIsOurs) {
    for (const r of profile?.Roles ?? []) {
      await aws(
        new RemoveRoleFromInstanceProfileCommand({
          InstanceProfileName: CLOUD9_ROLE_NAME,
          RoleName: r.RoleName,
        }),
      );
    }
    await aws(new DeleteInstanceProfileCommand({ InstanceProfileName: CLOUD9_ROLE_NAME }));
  }
  if (roleIsOurs) {
    const attached = await allPages<ListAttachedRolePoliciesCommandOutput>(
      clients().iam as never,
      new ListAttachedRolePoliciesCommand({ RoleName: CLOUD9_ROLE_NAME }),
    );
    for (const policy of attached.AttachedPolicies ?? []) {
      await aws(new DetachRolePolicyCommand({ RoleName: CLOUD9_ROLE_NAME, PolicyArn: policy.PolicyArn }));
    }
    await aws(new DeleteRoleCommand({ RoleName: CLOUD9_ROLE_NAME }));
  }
});

td.add(`delete key pair ${KEY_PAIR_NAME}`, async () => {
  // A SampleKeyPair the learner made outside the lab (no lab tag) is left alone.
  if (!isLabs((await findKeyPair())?.Tags)) throw gone('InvalidKeyPair.NotFound', 'no lab key pair');
  await aws(new DeleteKeyPairCommand({ KeyName: KEY_PAIR_NAME }));
});

/** The lab's inbound rules: tagged, or (an endpoint that keeps no rule tags) the one 05 recorded. */
async function labRules(): Promise<SecurityGroupRule[]> {
  const rules = async (filter: { Name: string; Values: string[] }) =>
    (
      await allPages<DescribeSecurityGroupRulesCommandOutput>(
        ec2 as never,
        new DescribeSecurityGroupRulesCommand({ Filters: [filter] }),
      )
    ).SecurityGroupRules ?? [];
  const tagged = (await rules(LAB_TAG_FILTER)).filter((r) => !r.IsEgress);
  const recorded = vars.get('EC2_SECURITY_GROUP_RULE_ID');
  if (tagged.length > 0 || !recorded) return tagged;
  return rules({ Name: 'security-group-rule-id', Values: [recorded] });
}

td.add(
  `revoke the tcp/${EC2_SECURITY_GROUP_PORT} rule of the ${EC2_SECURITY_GROUP_NAME} security group`,
  async () => {
    const ingress = await labRules();
    if (ingress.length === 0) throw gone('InvalidPermission.NotFound', 'no lab rule');
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
  const ids = (await liveLabInstances()).map((i) => i.InstanceId!);
  if (ids.length === 0) throw gone('InvalidInstanceID.NotFound', 'no lab instance');
  await aws(new TerminateInstancesCommand({ InstanceIds: ids }), {
    query: 'TerminatingInstances[].[InstanceId,CurrentState.Name]',
    output: 'text',
  });
  console.log(`$ aws ec2 wait instance-terminated --instance-ids ${ids.join(' ')}`);
  await waitForInstances(ids, 'terminated');
  console.log(`(waiter: SUCCESS: ${ids.join(' ')} terminated)`);
});

// The notebook's record of which cells ran: after a teardown they create again.
forgetOnce(SLUG);
const report = await td.run();
if (!report.ok) process.exit(1);
