import { CloudFormationClient, CreateStackCommand, DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  ListQueuesCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createTable, waitUntilActive } from './dynamodb-table';
import { piped } from './pipe';
import { approximateNumberOfMessages, createQueue } from './sqs';
import { knownEvents, watchStack } from './stack-events';
import { client, sandboxForFile } from './testing/sandbox-env';

// The helpers that send requests, against a sandbox started in this process, through the real SDK clients.
const sandbox = sandboxForFile('lab-helpers');

/** What is written to `stream` (stdout unless told) from now until `restore`. */
function capture(stream: NodeJS.WriteStream = process.stdout): { text: () => string; restore: () => void } {
  const write = stream.write.bind(stream);
  let text = '';
  stream.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof stream.write;
  return {
    text: () => text,
    restore: () => {
      stream.write = write;
    },
  };
}

/** What `fn` printed on stdout and on stderr. */
async function printedBy<T>(fn: () => Promise<T>): Promise<{ value: T; stdout: string; stderr: string }> {
  const out = capture();
  const err = capture(process.stderr);
  try {
    const value = await fn();
    return { value, stdout: out.text(), stderr: err.text() };
  } finally {
    out.restore();
    err.restore();
  }
}

describe('approximateNumberOfMessages', () => {
  it('returns the count as a number and prints the command only when asked', async () => {
    const sqs = new SQSClient({ ...client, endpoint: sandbox.url() });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'helpers-count' }));
    for (const body of ['1', '2', '3'])
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    sqs.destroy();
    const out = capture();
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

describe('createQueue', () => {
  const createLine = '$ aws sqs create-queue \\\n  --queue-name helpers-create\n';
  const created = (url: string) => `{\n    "QueueUrl": "${url}"\n}\n`;

  it('prints the command and the CLI-exact answer, and returns the URL', async () => {
    const { value: url, stdout } = await printedBy(() => createQueue({ QueueName: 'helpers-create' }));
    expect(url).toMatch(/\/helpers-create$/);
    expect(stdout).toBe(createLine + created(url));
  });

  it("shows SQS's refusal of a name deleted a moment ago, says why, waits it out and creates the queue", async () => {
    const sqs = new SQSClient({ ...client, endpoint: sandbox.url() });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'helpers-create' }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    sqs.destroy();
    const retried = await printedBy(() => createQueue({ QueueName: 'helpers-create' }));
    expect(retried.value).toBe(QueueUrl);
    expect(retried.stdout).toBe(
      `${createLine}\n` +
        'An error occurred (AWS.SimpleQueueService.QueueDeletedRecently) when calling the CreateQueue operation: ' +
        'You must wait 60 seconds after deleting a queue before you can create another with the same name.\n' +
        '(削除したばかりのキューと同じ名前は 60 秒間使えないため、待ってから作り直します)\n' +
        createLine +
        created(QueueUrl!),
    );
    expect(retried.stderr).toMatch(
      /^Waiting 1 min 1 s for SQS to release the name of the queue deleted a moment ago/,
    );
  });

  it('passes any other error on at once, after the CLI-exact error line', async () => {
    const out = capture();
    const err = capture(process.stderr);
    try {
      await expect(createQueue({ QueueName: 'helpers bad name' })).rejects.toThrow();
    } finally {
      out.restore();
      err.restore();
    }
    expect(out.text()).toMatch(/\nAn error occurred \(\S+\) when calling the CreateQueue operation: .+\n$/);
    expect(out.text()).not.toContain('待ってから');
    expect(err.text()).toBe('');
  });
});

describe('createTable', () => {
  it("prints the blog's create-table with its name, status and read capacity, and returns once it is ACTIVE", async () => {
    const { value: table, stdout } = await printedBy(() =>
      createTable('helpers-table', [{ Key: 'handson:lab', Value: 'helpers' }], {
        ReadCapacityUnits: 1,
        WriteCapacityUnits: 1,
      }),
    );
    expect(stdout).toBe(
      [
        '$ aws dynamodb create-table \\',
        '  --table-name helpers-table \\',
        '  --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=N \\',
        '  --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE \\',
        '  --billing-mode PROVISIONED \\',
        '  --provisioned-throughput ReadCapacityUnits=1,WriteCapacityUnits=1 \\',
        '  --tags Key=handson:lab,Value=helpers \\',
        "  --query 'TableDescription.[TableName,TableStatus,ProvisionedThroughput.ReadCapacityUnits]' \\",
        '  --output text',
        'helpers-table\tCREATING\t1',
        '',
      ].join('\n'),
    );
    expect(table.TableName).toBe('helpers-table');
    const dynamodb = new DynamoDBClient({ ...client, endpoint: sandbox.url() });
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: 'helpers-table' }));
    dynamodb.destroy();
    expect(Table?.TableStatus).toBe('ACTIVE');
    // A table already ACTIVE: the wait ends at its first look.
    const { stdout: again } = await printedBy(() => waitUntilActive('helpers-table'));
    expect(again).toBe('');
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
