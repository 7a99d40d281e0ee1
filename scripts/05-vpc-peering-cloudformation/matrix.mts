// The ping matrix: who pings whom (the blog's six transcripts), why each pair answers or not (the data
// plane's reachability walk), and the picture. On the sandbox the pings are rendered from the walk; on AWS
// they run on the instances through Systems Manager Run Command.
import {
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { client } from '@handson/aws';
import { type MatrixRow, type NetworkSnapshot, reachabilityMatrix, renderPing } from '@handson/dataplane';
import { LabStepError, waitFor } from '@handson/labkit';
import { invocation } from '../_lib/invocation.mts';
import { findStack, LOGICAL_IDS, SLUG } from './lab.mts';

export interface LabInstance {
  logicalId: string;
  instanceId: string;
  privateIp: string;
}

/** How many packets each of the blog's pings sent before Ctrl-C (A→C ran 10 s, C→A 9 s). */
export const BLOG_COUNTS: Record<string, number> = {
  'EC2A>EC2B': 5,
  'EC2A>EC2C': 10,
  'EC2B>EC2A': 5,
  'EC2B>EC2C': 5,
  'EC2C>EC2A': 9,
  'EC2C>EC2B': 5,
};

/** EC2A, EC2B, EC2C of this stack: the instance ids come from the stack's outputs. */
export async function labInstances(stackName: string, snapshot: NetworkSnapshot): Promise<LabInstance[]> {
  const stack = await findStack(stackName);
  const outputs = Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
  const all = [
    ...(snapshot.Reservations ?? []).flatMap((r) => r.Instances ?? []),
    ...(snapshot.Instances ?? []),
  ];
  return LOGICAL_IDS.map((logicalId) => {
    const instanceId = outputs[`${logicalId}InstanceId`];
    const instance = all.find((i) => i.InstanceId === instanceId);
    if (!instanceId || !instance?.PrivateIpAddress) {
      throw new LabStepError(
        `${logicalId} is not in stack ${stackName}: run ${invocation(SLUG, '02-create-stack')} first.`,
      );
    }
    return { logicalId, instanceId, privateIp: instance.PrivateIpAddress };
  });
}

export const pairKey = (row: { from: string; to: string }, labels: Record<string, string>) =>
  `${labels[row.from]}>${labels[row.to]}`;

/** The shell prompt of an Amazon Linux instance, as in the blog's transcripts. */
export const prompt = (privateIp: string) => `[ec2-user@ip-${privateIp.replace(/\./g, '-')} ~]$`;

/** The six ordered pairs in the blog's order (A→B, A→C, B→A, B→C, C→A, C→B), evaluated hop by hop. */
export function matrixOf(snapshot: NetworkSnapshot, instances: LabInstance[]): MatrixRow[] {
  return reachabilityMatrix(
    snapshot,
    instances.map((i) => i.instanceId),
  );
}

/** One ping as the blog showed it: the comment, the prompt, the command and what ping printed. */
export function simulatedPing(row: MatrixRow, instances: LabInstance[]): string {
  const from = instances.find((i) => i.instanceId === row.from)!;
  const to = instances.find((i) => i.instanceId === row.to)!;
  const count = BLOG_COUNTS[`${from.logicalId}>${to.logicalId}`] ?? 5;
  return (
    `#${from.logicalId}から${to.logicalId}へのPing\n` +
    `${prompt(from.privateIp)} ping ${to.privateIp}\n` +
    renderPing(row.result, { count, interrupted: true, from: from.privateIp })
  );
}

/** How long one ping through Run Command may take (the command itself runs for N seconds). */
const PING_WAIT_MS = 120_000;

/** Runs `ping -c N` on the instance through Run Command and returns what it printed (AWS only). */
export async function pingOnInstance(from: LabInstance, to: LabInstance, count: number): Promise<string> {
  const ssm = client(SSMClient);
  const command = `ping -c ${count} -W 1 ${to.privateIp}`;
  const sent = await ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [from.instanceId],
      Parameters: { commands: [command] },
      Comment: `handson lab 05: ${from.logicalId} -> ${to.logicalId}`,
    }),
  );
  const commandId = sent.Command!.CommandId!;
  let output: string | undefined;
  const { done } = await waitFor({
    what: `${from.logicalId} to ping ${to.logicalId} (${command}, through Run Command)`,
    ms: PING_WAIT_MS,
    pollMs: 2000,
    until: async () => {
      const result = await ssm
        .send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: from.instanceId }))
        .catch((error: { name?: string }) => {
          // The invocation is not visible for a moment after SendCommand.
          if (error.name === 'InvocationDoesNotExist') return undefined;
          throw error;
        });
      if (!result || ['Pending', 'InProgress', 'Delayed'].includes(result.Status ?? '')) return false;
      // ping exits 1 when nothing answers: the invocation is Failed, but its output is the transcript.
      output = result.StandardOutputContent ?? '';
      return true;
    },
  });
  if (!done) throw new LabStepError(`Run Command ${commandId} on ${from.instanceId} did not finish in time.`);
  return `${prompt(from.privateIp)} ${command}\n${output}`;
}

/** How long the instances' SSM agents may take to register (a minute or two after boot, usually). */
const SSM_WAIT_MS = 600_000;

/** Waits until Systems Manager knows all three instances. */
export async function waitForSsm(instances: LabInstance[]): Promise<void> {
  const ssm = client(SSMClient);
  const ids = instances.map((i) => i.instanceId);
  let online = 0;
  const allOnline = async () => {
    const info = await ssm.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: ids }] }),
    );
    online = (info.InstanceInformationList ?? []).filter((i) => i.PingStatus === 'Online').length;
    return online === ids.length;
  };
  if (await allOnline()) return;
  const { done } = await waitFor({
    what: `the SSM agent on the ${ids.length} instances to register with Systems Manager`,
    ms: SSM_WAIT_MS,
    pollMs: 10_000,
    until: allOnline,
  });
  if (!done) {
    throw new LabStepError(
      `only ${online} of ${ids.length} instances registered with Systems Manager after 10 minutes: ` +
        'check that the stack was created with HANDSON_TARGET=aws (EnableSsm=true).',
    );
  }
}

/** One line per pair: answers or not, and for a pair that does not, the hop where the packet stops. */
export function explainRows(rows: MatrixRow[], labels: Record<string, string>): string {
  const lines: string[] = [];
  for (const row of rows) {
    const pair = `${labels[row.from]} → ${labels[row.to]}`;
    if (row.reachable) {
      const via = row.result.steps.find((s) => s.hop === 'route')!;
      lines.push(`${pair}  応答あり        ${via.ja}`);
    } else {
      const stop = row.result.blockedAt!;
      lines.push(`${pair}  100% packet loss  止まる所: ${stop.hop} (${stop.resource ?? '-'})`);
      lines.push(`    ${stop.ja}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
