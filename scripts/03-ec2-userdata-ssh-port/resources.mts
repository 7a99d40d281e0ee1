// Lab 03's resources as the account has them, found by the lab's tag and the blog's names: a step run again
// reuses what an earlier run made, refuses what the lab did not make, and the teardown removes only the lab's.
import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandOutput,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupRulesCommand,
  type DescribeSecurityGroupRulesCommandOutput,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsCommandOutput,
  type Instance,
  type KeyPairInfo,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { clients, LAB_TAG_KEY, labOf, resolveTarget } from '@handson/aws';
import { allPages } from '@handson/cli';
import { LabStepError, waitFor } from '@handson/labkit';
import {
  EC2_INSTANCE_TAG_NAME,
  EC2_SECURITY_GROUP_NAME,
  EC2_SECURITY_GROUP_PORT,
  EC2_SECURITY_GROUP_PROTOCOL,
  EC2_TAG_KEY,
  KEY_PAIR_NAME,
  SLUG,
} from './lab.mts';

export const isLabs = (tags: { Key?: string; Value?: string }[] | undefined) => labOf(tags) === SLUG;

/** describe-* filters for what this lab tagged, and for instances that still exist. */
export const LAB_TAG_FILTER = { Name: `tag:${LAB_TAG_KEY}`, Values: [SLUG] };
export const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped'];
export const NAME_TAG_FILTER = { Name: `tag:${EC2_TAG_KEY}`, Values: [EC2_INSTANCE_TAG_NAME] };

/** SampleKeyPair as the account has it (a filter, so a missing key pair is an empty list, not an error). */
export async function findKeyPair(): Promise<KeyPairInfo | undefined> {
  const { KeyPairs } = await clients().ec2.send(
    new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-name', Values: [KEY_PAIR_NAME] }] }),
  );
  return KeyPairs?.[0];
}

async function instancesWhere(filters: { Name: string; Values: string[] }[]): Promise<Instance[]> {
  const out = await allPages<DescribeInstancesCommandOutput>(
    clients().ec2 as never,
    new DescribeInstancesCommand({ Filters: filters }),
  );
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

/**
 * The instance 04-run-instances would start: one with the blog's Name tag that is not terminated. The lab's
 * own comes first; one that is not the lab's is returned too, so the step can refuse to start a second
 * instance of that name (06-public-ip finds the address by the Name tag and must find one).
 */
export async function findNamedInstance(): Promise<Instance | undefined> {
  const live = await instancesWhere([NAME_TAG_FILTER, { Name: 'instance-state-name', Values: LIVE_STATES }]);
  return live.find((i) => isLabs(i.Tags)) ?? live[0];
}

/** Every instance this lab started that is not terminated yet, whatever its Name tag says now. */
export async function liveLabInstances(): Promise<Instance[]> {
  return instancesWhere([LAB_TAG_FILTER, { Name: 'instance-state-name', Values: LIVE_STATES }]);
}

/** The default security group's inbound tcp/51512 rule for `cidr`, if there is one. */
export async function findPortRule(cidr: string): Promise<SecurityGroupRule | undefined> {
  const { ec2 } = clients();
  const groups = await allPages<DescribeSecurityGroupsCommandOutput>(
    ec2 as never,
    new DescribeSecurityGroupsCommand({ GroupNames: [EC2_SECURITY_GROUP_NAME] }),
  );
  const groupId = groups.SecurityGroups?.[0]?.GroupId;
  if (!groupId) return undefined;
  const rules = await allPages<DescribeSecurityGroupRulesCommandOutput>(
    ec2 as never,
    new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }] }),
  );
  const port = Number(EC2_SECURITY_GROUP_PORT);
  return (rules.SecurityGroupRules ?? []).find(
    (r) =>
      !r.IsEgress &&
      r.IpProtocol === EC2_SECURITY_GROUP_PROTOCOL &&
      r.FromPort === port &&
      r.ToPort === port &&
      r.CidrIpv4 === cidr,
  );
}

/** How long an instance may take to start or to terminate (the CLI's waiters give up after 10 minutes). */
export const INSTANCE_WAIT_MS = 600_000;

/** The instances' states; an id describe-instances does not show yet (EC2 is eventually consistent) is left out. */
async function statesOf(ids: string[]): Promise<string[]> {
  const found = await instancesWhere([{ Name: 'instance-id', Values: ids }]);
  return found.map((i) => i.State?.Name ?? 'unknown');
}

/**
 * `aws ec2 wait instance-running` / `instance-terminated`, as a wait people can see: announced, with
 * progress, polling describe-instances. Stops early when the instance can no longer get there.
 */
export async function waitForInstances(ids: string[], wanted: 'running' | 'terminated'): Promise<void> {
  const hopeless = wanted === 'running' ? ['shutting-down', 'terminated', 'stopping', 'stopped'] : [];
  let last: string[] = [];
  const there = async () => {
    last = await statesOf(ids);
    const lost = last.find((state) => hopeless.includes(state));
    if (lost) throw new LabStepError(`${ids.join(' ')} is ${lost}: it will not be ${wanted}.`);
    return last.length === ids.length && last.every((state) => state === wanted);
  };
  // Already there (a step run again): nothing to announce.
  if (await there()) return;
  const { done } = await waitFor({
    what: `${ids.join(' ')} to be ${wanted}`,
    ms: INSTANCE_WAIT_MS,
    pollMs: resolveTarget().kind === 'aws' ? 5000 : 200,
    until: there,
  });
  if (!done) {
    throw new LabStepError(
      `${ids.join(' ')} is still ${last.join(', ') || 'not visible'} after ${INSTANCE_WAIT_MS / 60_000} minutes: ` +
        'look at it in the EC2 console, then run this step again.',
    );
  }
}
