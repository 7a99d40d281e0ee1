import { type RunningSandbox, startSandbox } from '@handson/sandbox';
import { afterAll, beforeAll } from 'vitest';

/** The region and credentials of the helpers' tests, for SDK clients made by hand. */
export const client = {
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

/**
 * A sandbox started in this process for one test file, with the environment pointing @handson/aws at it (as a
 * lab's scripts see it) until the file ends. Call it at the top of the file; `url()` is known after beforeAll.
 */
export function sandboxForFile(seed: string): { url: () => string } {
  let sandbox: RunningSandbox | undefined;
  const saved = { ...process.env };
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed });
    Object.assign(process.env, {
      HANDSON_TARGET: 'sandbox',
      HANDSON_SANDBOX_URL: sandbox.url,
      AWS_ACCESS_KEY_ID: client.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: client.credentials.secretAccessKey,
      AWS_DEFAULT_REGION: client.region,
    });
  });
  afterAll(async () => {
    process.env = saved;
    await sandbox?.close();
  });
  return { url: () => sandbox!.url };
}
