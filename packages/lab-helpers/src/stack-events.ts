// A CloudFormation stack's progress as the learner follows it: new stack events printed once each, oldest
// first, as the CLI's text output of describe-stack-events prints them (Lab 05's scripts and notebook).
import { DescribeStackEventsCommand, type StackEvent } from '@aws-sdk/client-cloudformation';
import { type LabClient, resolveTarget } from '@handson/aws';
import { formatSdkOutput } from '@handson/cli';
import { formatDuration, LabStepError, waitFor } from '@handson/labkit';

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
  const interval = options.intervalMs ?? (resolveTarget().kind === 'aws' ? 5000 : 200);
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
