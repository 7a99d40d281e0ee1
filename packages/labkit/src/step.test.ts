import { existsSync } from 'node:fs';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { withEnv } from '@handson/aws';
import { type RunningSandbox, startSandbox } from '@handson/sandbox';
import { awsCliLine } from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, NoRegionError } from './index';

let sandbox: RunningSandbox;
const env = {
  HANDSON_TARGET: 'sandbox',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'ap-northeast-1',
};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 'labkit' });
  Object.assign(process.env, env, { HANDSON_SANDBOX_URL: sandbox.url });
});
afterAll(() => sandbox?.close());

function collect() {
  let text = '';
  return { write: (t: string) => (text += t), text: () => text };
}

/**
 * Runs a printed command line with Debian's AWS CLI v2 against the same sandbox (asynchronously: the sandbox
 * serves from this very process).
 */
async function cli(line: string): Promise<string> {
  const run = await awsCliLine(`${line} --endpoint-url ${sandbox.url}`, {
    env: { PATH: process.env.PATH, HOME: '/nonexistent', ...env, AWS_PAGER: '' },
  });
  return run.stdout;
}

describe('aws(): a lab step', () => {
  it('prints the command line, then what the CLI prints', async () => {
    const out = collect();
    await aws(new CreateBucketCommand({ Bucket: 'cf-templates-handson-ap-northeast-1' }), {
      write: out.write,
    });
    const ls = collect();
    const { printed } = await aws(new ListBucketsCommand({}), { write: ls.write });
    expect(ls.text()).toMatch(
      /^\$ aws s3 ls\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d cf-templates-handson-ap-northeast-1\n$/,
    );
    if (existsSync('/usr/bin/aws')) expect(await cli('aws s3 ls')).toBe(printed);
  });

  it('gives the same output as /usr/bin/aws running the printed line, --query and --output included', async () => {
    const { output } = await aws(new CreateQueueCommand({ QueueName: 'handson-cli-sqs-novice-queue' }), {
      quiet: true,
    });
    await aws(
      new SetQueueAttributesCommand({ QueueUrl: output.QueueUrl, Attributes: { VisibilityTimeout: '120' } }),
      { quiet: true },
    );
    const out = collect();
    const step = await aws(
      new GetQueueAttributesCommand({
        QueueUrl: output.QueueUrl,
        AttributeNames: ['VisibilityTimeout', 'ApproximateNumberOfMessages'],
      }),
      { query: 'Attributes.VisibilityTimeout', output: 'text', write: out.write },
    );
    expect(step.printed).toBe('120\n');
    const line = out.text().split('\n')[0]!.replace(/^\$ /, '');
    expect(out.text().startsWith('$ aws sqs get-queue-attributes \\\n')).toBe(true);
    if (existsSync('/usr/bin/aws')) {
      const oneLine = out
        .text()
        .replace(/^\$ /, '')
        .replace(/ \\\n\s*/g, ' ')
        .split('\n')[0]!;
      expect(await cli(oneLine)).toBe(step.printed);
    }
    expect(line).toContain('aws sqs get-queue-attributes');
  });

  it('prints the CLI’s error line and returns it when the error was expected', async () => {
    const out = collect();
    const step = await aws(new GetQueueUrlCommand({ QueueName: 'no-such-queue' }), {
      expectError: 'QueueDoesNotExist',
      write: out.write,
      transcript: false,
    });
    expect(step.errorCode).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect(out.text()).toMatch(
      /^\nAn error occurred \(AWS.SimpleQueueService.NonExistentQueue\) when calling the GetQueueUrl operation: /,
    );
  });

  it('throws an unexpected error after printing it', async () => {
    await expect(
      aws(new GetQueueUrlCommand({ QueueName: 'no-such-queue' }), { quiet: true }),
    ).rejects.toThrow();
  });

  it('with requireRegion and no region anywhere, prints what /usr/bin/aws prints and sends nothing', async () => {
    const noRegion = {
      AWS_REGION: undefined,
      AWS_DEFAULT_REGION: undefined,
      AWS_CONFIG_FILE: '/nonexistent',
    };
    const out = collect();
    const step = await withEnv(noRegion, () =>
      aws(new GetQueueUrlCommand({ QueueName: 'no-such-queue' }), {
        requireRegion: true,
        expectError: 'NoRegion',
        write: out.write,
        transcript: false,
      }),
    );
    // Sent, the call would have failed with NonExistentQueue instead.
    expect(step.errorCode).toBe('NoRegion');
    const run = await awsCliLine('aws sqs get-queue-url --queue-name no-such-queue', {
      env: {
        PATH: process.env.PATH,
        HOME: '/nonexistent',
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
      },
    });
    expect(run.stderr).toBe(out.text());
    await expect(
      withEnv(noRegion, () =>
        aws(new GetQueueUrlCommand({ QueueName: 'q' }), { requireRegion: true, quiet: true }),
      ),
    ).rejects.toBeInstanceOf(NoRegionError);
  });

  it('with requireRegion and a region set, sends the call as usual', async () => {
    const step = await aws(new GetQueueUrlCommand({ QueueName: 'no-such-queue' }), {
      requireRegion: true,
      expectError: 'QueueDoesNotExist',
      quiet: true,
    });
    expect(step.errorCode).toBe('AWS.SimpleQueueService.NonExistentQueue');
  });
});
