import { CloudFormationClient, CreateStackCommand, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateQueueCommand, ListQueuesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { piped } from './pipe';
import { approximateNumberOfMessages } from './sqs';
import { knownEvents, watchStack } from './stack-events';
import { client, sandboxForFile } from './testing/sandbox-env';

// The helpers that send requests, against a sandbox started in this process, through the real SDK clients.
const sandbox = sandboxForFile('lab-helpers');

function captureStdout(): { text: () => string; restore: () => void } {
  const write = process.stdout.write.bind(process.stdout);
  let text = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  return {
    text: () => text,
    restore: () => {
      process.stdout.write = write;
    },
  };
}

describe('approximateNumberOfMessages', () => {
  it('returns the count as a number and prints the command only when asked', async () => {
    const sqs = new SQSClient({ ...client, endpoint: sandbox.url() });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'helpers-count' }));
    for (const body of ['1', '2', '3'])
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    sqs.destroy();
    const out = captureStdout();
    let quiet: number;
    let shown: number;
    try {
      quiet = await approximateNumberOfMessages(QueueUrl!);
      const before = out.text();
      expect(before).toBe('');
      shown = await approximateNumberOfMessages(QueueUrl!, { show: true });
    } finally {
      out.restore();
    }
    // The sandbox's count is approximate as SQS's is (it may lag the sends), so the bounds, not a value.
    expect(Number.isInteger(quiet) && quiet >= 0 && quiet <= 3).toBe(true);
    expect(out.text()).toMatch(
      new RegExp(`^\\$ aws sqs get-queue-attributes \\\\\n[\\s\\S]*--output text\n${shown}\n$`),
    );
  });
});

describe('piped', () => {
  it('runs the real sort on the CLI-exact text and prints the command line with the pipe', async () => {
    const sqs = new SQSClient({ ...client, endpoint: sandbox.url() });
    for (const name of ['pipe-b', 'pipe-c', 'pipe-a'])
      await sqs.send(new CreateQueueCommand({ QueueName: name }));
    sqs.destroy();
    let shown = '';
    const text = await piped(
      new ListQueuesCommand({ QueueNamePrefix: 'pipe-' }),
      { query: 'QueueUrls[].[@]', output: 'text', write: (t) => (shown += t) },
      [['sort', '-r']],
    );
    expect(
      text
        .trim()
        .split('\n')
        .map((url) => url.split('/').at(-1)),
    ).toEqual(['pipe-c', 'pipe-b', 'pipe-a']);
    expect(shown).toContain('--output text \\\n  | sort -r\n');
    expect(shown.endsWith(text)).toBe(true);
  });
});

describe('watchStack', () => {
  const template = JSON.stringify({
    Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.9.0.0/16' } } },
  });

  it('prints each new event once, oldest first, and returns the final status of the stack itself', async () => {
    const cfn = new CloudFormationClient({ ...client, endpoint: sandbox.url() });
    const { StackId } = await cfn.send(
      new CreateStackCommand({ StackName: 'helpers-watch', TemplateBody: template }),
    );
    let shown = '';
    const write = (t: string) => (shown += t);
    const created = await watchStack(cfn, StackId!, { what: 'the test stack', write });
    expect(created).toBe('CREATE_COMPLETE');
    const lines = shown.split('\n').filter((line) => /^\d{4}-/.test(line));
    expect(lines[0]).toMatch(/\thelpers-watch\tAWS::CloudFormation::Stack\tCREATE_IN_PROGRESS\t/);
    expect(lines.at(-1)).toMatch(/\thelpers-watch\tAWS::CloudFormation::Stack\tCREATE_COMPLETE\t/);
    expect(new Set(lines).size).toBe(lines.length);

    // Watching the delete leaves the create events out.
    const seen = await knownEvents(cfn, StackId!);
    expect(seen.size).toBe(lines.length);
    await cfn.send(new DeleteStackCommand({ StackName: StackId }));
    shown = '';
    expect(await watchStack(cfn, StackId!, { what: 'the test stack to go', seen, write })).toBe(
      'DELETE_COMPLETE',
    );
    expect(shown).not.toContain('CREATE_');
    cfn.destroy();
  });

  it('stops with a step error when the stack is not done in time', async () => {
    const cfn = new CloudFormationClient({ ...client, endpoint: sandbox.url() });
    const { StackId } = await cfn.send(
      new CreateStackCommand({ StackName: 'helpers-slow', TemplateBody: template }),
    );
    await watchStack(cfn, StackId!, { what: 'the test stack', write: () => undefined });
    const seen = await knownEvents(cfn, StackId!);
    // No event comes after the last one seen: the wait runs out.
    await expect(
      watchStack(cfn, StackId!, {
        what: 'nothing',
        seen,
        maxMs: 400,
        intervalMs: 100,
        write: () => undefined,
      }),
    ).rejects.toThrow(/still in progress after/);
    cfn.destroy();
  });
});

describe('piped, when a stage fails', () => {
  it('stops with the program and its message, as a failed shell pipe would be noticed', async () => {
    await expect(
      piped(
        new ListQueuesCommand({ QueueNamePrefix: 'pipe-' }),
        { query: 'QueueUrls[].[@]', output: 'text', write: () => undefined },
        [['sort', '--no-such-option']],
      ),
    ).rejects.toThrow(/^sort --no-such-option exited 2: /);
  });

  it('says the same when the program exits before reading its input (EPIPE beside the exit status)', async () => {
    await expect(
      piped(
        new ListQueuesCommand({ QueueNamePrefix: 'pipe-' }),
        { query: 'QueueUrls[].[@]', output: 'text', write: () => undefined },
        // 600 kB for the failing stage: far more than a pipe buffer (64 kB), so it is still being written when sort exits.
        [
          ['head', '-c', '600000', '/dev/zero'],
          ['sort', '--no-such-option'],
        ],
      ),
    ).rejects.toThrow(/^sort --no-such-option exited 2: /);
  });
});
