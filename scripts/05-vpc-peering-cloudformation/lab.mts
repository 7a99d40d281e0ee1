// What every script of this lab shares: its slug, the blog's names, the template, and the few helpers the
// steps have in common (the stack-event watcher, the blog's `| sort | column -t`).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type Stack,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { clients, type LabClient, resolveTarget } from '@handson/aws';
import { formatSdkOutput } from '@handson/cli-output';
import { aws, formatDuration, LabStepError, labVars, type StepOptions, waitFor } from '@handson/labkit';
import { $ } from 'zx';
import { labFile } from '../_lib/lab-file.mts';

export const SLUG = '05-vpc-peering-cloudformation';
export const vars = labVars(SLUG);

/** The stack; the blog named its VPCs handson-vpc-peering1..3 and filtered on `handson-vpc*`. */
export const STACK_NAME = process.env.HANDSON_STACK_NAME ?? 'handson-vpc-peering';
export const NAME_PREFIX = 'handson-vpc-peering';
export const TAG_FILTER = [{ Name: 'tag-value', Values: ['handson-vpc*'] }];

/** FILE_TEMPLATE: the parameterised template, shown as the path the learner would type from the checkout. */
const HERE = dirname(fileURLToPath(import.meta.url));
export const FILE_TEMPLATE = process.env.HANDSON_TEMPLATE ?? join(HERE, 'template.yaml');
export const fileTemplateShown = () => relative(process.cwd(), FILE_TEMPLATE) || FILE_TEMPLATE;
export function templateBody(): string {
  // The lab's own template is beside the scripts in a checkout and inside a CloudShell bundle (labFile).
  if (!process.env.HANDSON_TEMPLATE) return labFile(SLUG, 'template.yaml');
  if (!existsSync(FILE_TEMPLATE)) {
    throw new LabStepError(`${FILE_TEMPLATE} not found: HANDSON_TEMPLATE names a file that does not exist.`);
  }
  return readFileSync(FILE_TEMPLATE, 'utf8');
}

/** The instances by CloudFormation logical id, in the blog's order, and the VPC each one sits in. */
export const LOGICAL_IDS = ['EC2A', 'EC2B', 'EC2C'] as const;

export const onAws = () => resolveTarget().kind === 'aws';

/** Instances that still exist (a terminated one stays listed for about an hour). */
export const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped'];

/**
 * CLIENT_CIDR: where SSH may come from. On the sandbox a documentation address (RFC 5737 TEST-NET-1, apart from the ranges the sandbox
 * gives instances) stands for the
 * learner's PC; on AWS it is HANDSON_CLIENT_CIDR or the address checkip.amazonaws.com sees.
 */
export async function clientCidr(): Promise<string> {
  if (process.env.HANDSON_CLIENT_CIDR) return process.env.HANDSON_CLIENT_CIDR;
  if (!onAws()) return '192.0.2.10/32';
  const res = await fetch('https://checkip.amazonaws.com/');
  const ip = (await res.text()).trim();
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip))
    throw new LabStepError(`checkip.amazonaws.com answered "${ip}"; set HANDSON_CLIENT_CIDR=x.x.x.x/32`);
  return `${ip}/32`;
}

const EVENT_QUERY =
  'StackEvents[].[Timestamp,LogicalResourceId,ResourceType,ResourceStatus,ResourceStatusReason]';
const TERMINAL = /_(COMPLETE|FAILED)$/;

/** Every event of a stack, newest first, paging until an event already seen. */
async function eventsSince(cfn: LabClient, stackId: string, seen: Set<string>): Promise<StackEvent[]> {
  const fresh: StackEvent[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackId, NextToken: token }));
    for (const event of page.StackEvents ?? []) {
      if (seen.has(event.EventId!)) return fresh;
      fresh.push(event);
    }
    token = page.NextToken;
  } while (token);
  return fresh;
}

/** How long a stack may take to create or delete (three instances and their networks take minutes on AWS). */
export const STACK_WAIT_MS = 30 * 60_000;

export interface WatchOptions {
  /** What is awaited, for the wait's announcement, e.g. `stack x to reach CREATE_COMPLETE`. */
  what: string;
  /** Event ids to leave out (the create events when watching a delete). */
  seen?: Set<string>;
  /** Poll interval; default 5 s on AWS (as `aws cloudformation wait` polls less often), 0.2 s elsewhere. */
  intervalMs?: number;
  /** Give up after this long (default STACK_WAIT_MS). */
  maxMs?: number;
  write?: (text: string) => void;
}

/**
 * On a terminal the wait's progress line (stderr) is redrawn in place: it is wiped before events are printed
 * (stdout, the same screen), or they would start after it. Off a terminal the two streams do not mix.
 */
function progressOnStderr() {
  let open = false;
  return {
    write: (text: string) => {
      process.stderr.write(text);
      open = !text.endsWith('\n');
    },
    wipe: () => {
      if (open && process.stderr.isTTY) process.stderr.write(`\r${' '.repeat(40)}\r`);
      open = false;
    },
  };
}

/**
 * Live progress: polls describe-stack-events and prints each new event once, oldest first, as the CLI's text
 * output of the query below prints it, until the stack's own event reaches a final status. Returns it. The
 * wait is announced and shows how long it has run; past `maxMs` the step stops (run it again to follow on).
 */
export async function watchStack(cfn: LabClient, stackId: string, options: WatchOptions): Promise<string> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const seen = options.seen ?? new Set<string>();
  const interval = options.intervalMs ?? (onAws() ? 5000 : 200);
  const maxMs = options.maxMs ?? STACK_WAIT_MS;
  write(
    `$ aws cloudformation describe-stack-events --stack-name ${stackId.includes('/') ? '"$STACK_ID"' : stackId} \\\n` +
      `    --query "${EVENT_QUERY}" \\\n    --output text    # every ${interval / 1000} s, new events only\n`,
  );
  const progress = progressOnStderr();
  let final: string | undefined;
  const printNew = async () => {
    const fresh = (await eventsSince(cfn, stackId, seen)).reverse();
    if (fresh.length > 0) progress.wipe();
    for (const event of fresh) {
      seen.add(event.EventId!);
      write(
        formatSdkOutput(
          { StackEvents: [event] },
          { operation: 'DescribeStackEvents', query: EVENT_QUERY, output: 'text' },
        ),
      );
      const status = event.ResourceStatus ?? '';
      const own = event.ResourceType === 'AWS::CloudFormation::Stack' && event.PhysicalResourceId === stackId;
      if (own && TERMINAL.test(status) && !/ROLLBACK_IN_PROGRESS/.test(status)) final = status;
    }
    return final !== undefined;
  };
  await waitFor({ what: options.what, ms: maxMs, pollMs: interval, until: printNew, write: progress.write });
  if (final === undefined) {
    throw new LabStepError(
      `the stack is still in progress after ${formatDuration(maxMs)}: run this step again to follow it on.`,
    );
  }
  return final;
}

/** The event ids a stack has so far (to watch only what comes next). */
export async function knownEvents(cfn: LabClient, stackId: string): Promise<Set<string>> {
  return new Set((await eventsSince(cfn, stackId, new Set())).map((e) => e.EventId!));
}

/** The stack by name as it is now, or undefined (a deleted stack is found only by its id). */
export async function findStack(name: string): Promise<Stack | undefined> {
  return clients()
    .cloudformation.send(new DescribeStacksCommand({ StackName: name }))
    .then(
      (out) => out.Stacks?.[0],
      (error: { name?: string; message?: string }) => {
        if (error.name === 'ValidationError' && /does not exist/.test(error.message ?? '')) return undefined;
        throw error;
      },
    );
}

/**
 * A step whose CLI output the blog piped through `sort` and `column -t`: prints the command line with the
 * pipe, runs the real commands on the CLI-exact text (LC_ALL=C so the order is the same everywhere), prints
 * the result and returns it.
 */
export async function piped(
  command: Parameters<typeof aws>[0],
  options: StepOptions,
  pipeline: string[][],
): Promise<string> {
  const chunks: string[] = [];
  const step = await aws(command, { ...options, write: (text) => chunks.push(text) });
  const line = chunks.length > 1 || chunks[0]?.startsWith('$ ') ? chunks[0]! : '';
  let text = step.printed;
  for (const [program, ...args] of pipeline) {
    text = (await $({ input: text, env: { ...process.env, LC_ALL: 'C' } })`${program} ${args}`).stdout;
  }
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  if (line) write(`${line.trimEnd()} \\\n  | ${pipeline.map((p) => p.join(' ')).join(' | ')}\n`);
  write(text);
  return text;
}
