import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('SDK client packages load on first use', () => {
  it('a script that builds one SQS client loads only the SQS package; S3 comes when asked, path-style; removing a queue loads no other', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@handson/source', '--import=tsx', join(__dirname, 'fixtures', 'loaded-clients.mts')],
      {
        cwd: join(__dirname, '..'),
        env: {
          ...process.env,
          HANDSON_TARGET: 'sandbox',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
        },
      },
    );
    expect(JSON.parse(stdout)).toEqual({
      loaded: ['client-sqs'],
      sameClient: true,
      pathStyle: true,
      loadedAfterS3: ['client-s3', 'client-sqs'],
      sent: ['DeleteQueueCommand'],
      loadedAfterRemove: ['client-s3', 'client-sqs'],
    });
  });
});
