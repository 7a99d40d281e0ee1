import { execFile } from 'node:child_process';
import { awsCli, awsCliForShell, sandboxCliEnv } from '@handson/test-support';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { type RunningSandbox, startSandbox } from '../../../server/start';

/** A disposable sandbox on a free loopback port with its own data directory, for IAM/STS tests. */
export interface TestSandbox {
  sandbox: RunningSandbox;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestSandbox(seed: number | string = 1, dataDir?: string): Promise<TestSandbox> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'iam-test-'));
  const sandbox = await startSandbox({ port: 0, dataDir: dir, seed });
  return {
    sandbox,
    url: sandbox.url,
    dataDir: dir,
    async close() {
      await sandbox.close();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const ADMIN: Keys = { accessKeyId: 'test', secretAccessKey: 'test' };
export const REGION = 'ap-northeast-1';

const clientConfig = (url: string, credentials: Keys) => ({
  endpoint: url,
  region: REGION,
  credentials,
  maxAttempts: 1,
});

export const iamClient = (url: string, keys: Keys = ADMIN) => new IAMClient(clientConfig(url, keys));

const operators = new Map<string, Promise<Keys>>();

/**
 * An IAM user with AdministratorAccess (`operator`), made once per sandbox: who assumes roles in tests, since
 * AWS refuses the account root ("Roles may not be assumed by root accounts.").
 */
export function operatorKeys(url: string): Promise<Keys> {
  let keys = operators.get(url);
  if (!keys) {
    keys = (async () => {
      const iam = iamClient(url);
      await iam.send(new CreateUserCommand({ UserName: 'operator' }));
      await iam.send(
        new AttachUserPolicyCommand({
          UserName: 'operator',
          PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        }),
      );
      const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'operator' }));
      return { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! };
    })();
    operators.set(url, keys);
  }
  return keys;
}
export const stsClient = (url: string, keys: Keys = ADMIN) => new STSClient(clientConfig(url, keys));
export const s3Client = (url: string, keys: Keys = ADMIN) =>
  new S3Client({ ...clientConfig(url, keys), forcePathStyle: true });

/** What an SDK call threw: its error name (the AWS code) and message. */
export async function sdkError(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded but an error was expected');
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cliEnv(keys: Keys, extra: Record<string, string>): Record<string, string | undefined> {
  return sandboxCliEnv({
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    ...(keys.sessionToken ? { AWS_SESSION_TOKEN: keys.sessionToken } : {}),
    ...extra,
  });
}

/** Debian's AWS CLI v2 against the sandbox as the given identity (through @handson/test-support). */
export function cliAs(
  url: string,
  args: string[],
  keys: Keys = ADMIN,
  extra: Record<string, string> = {},
): Promise<CliResult> {
  return awsCli(['--endpoint-url', url, ...args], { env: cliEnv(keys, extra) });
}

/**
 * Runs a bash script in which `aws` is Debian's AWS CLI v2 pointed at the sandbox, so a transcript can be
 * typed exactly as the blog typed it (`aws iam create-user --user-name ${IAM_USER_NAME}`). A shell function
 * rather than a PATH entry: login environments may put another `aws` first on PATH.
 */
export function bash(url: string, script: string, extra: Record<string, string> = {}): Promise<CliResult> {
  const cli = awsCliForShell();
  const prelude = `aws() { ${cli.command} --endpoint-url '${url}' "$@"; }\n`;
  return new Promise((resolve) => {
    execFile(
      '/bin/bash',
      ['-e', '-c', prelude + script],
      { env: { ...cliEnv(ADMIN, extra), ...cli.env } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}
