import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type RecordedCall, untag } from '@handson/labkit';
import { type ServiceDefinition, serviceInfo, startSandbox } from '@handson/sandbox';
import { awsCliAvailable, awsCliLine } from '@handson/test-support';
import { describe, expect, it } from 'vitest';
import type { LabWorld } from './run-lab';

/**
 * Issue 13's proof: for every distinct call a lab's scripts make, the aws command line they print, run with
 * Debian's AWS CLI v2, is the same request as the SDK call. Both go to a sandbox whose services only record
 * the input their protocol layer decoded (AWS JSON for the SDK's SQS, awsQuery for the CLI's, and so on), so
 * "same request" means "same operation and same decoded input": what a deterministic service answers with.
 *
 * Each lab test records the calls of its own script runs (LabWorld sets HANDSON_RECORD_CALLS) and hands them
 * here, so the proof costs no run of its own.
 */
export { AWS_CLI, awsCliAvailable } from '@handson/test-support';

export interface Decoded {
  service: string;
  operation: string;
  input: Record<string, unknown>;
}

/** Services that answer every operation with {} and record the input their protocol layer decoded. */
export function recordingServices(
  seen: Decoded[],
  names = [
    'iam',
    'sts',
    's3',
    'sqs',
    'ec2',
    'cloudformation',
    'cloudtrail',
    'dynamodb',
    'monitoring',
    'devops-guru',
  ],
): ServiceDefinition[] {
  return names.map((name) => ({
    ...serviceInfo(name),
    operations: new Proxy({} as ServiceDefinition['operations'], {
      get: (_target, operation) =>
        typeof operation === 'string'
          ? (_ctx: unknown, input: Record<string, unknown>) => {
              seen.push({ service: name, operation, input });
              return {};
            }
          : undefined,
    }),
  }));
}

/**
 * Idempotency tokens are random per client, and S3 payload checksums are the transport's (the CLI sends
 * Content-MD5, the SDK a CRC32 and asks for response checksums with ChecksumMode): everything else must match.
 */
function comparable(input: Record<string, unknown>): Record<string, unknown> {
  const { ClientToken: _c, ClientRequestToken: _r, ContentMD5: _m, ChecksumAlgorithm: _a, ...others } = input;
  // botocore asks S3 listings for url-encoded keys (EncodingType=url) by itself and decodes them again.
  const rest = Object.fromEntries(
    Object.entries(others).filter(
      ([k, v]) => !/^Checksum(CRC|SHA|Mode)/.test(k) && !(k === 'EncodingType' && v === 'url'),
    ),
  );
  return JSON.parse(
    JSON.stringify(rest, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)),
  );
}

/** One call per distinct command line shape (operation + flags), so the proof stays fast. */
export function distinctShapes(calls: RecordedCall[]): RecordedCall[] {
  const byShape = new Map<string, RecordedCall>();
  for (const call of calls) {
    const flags = (call.line.match(/ --[a-z0-9-]+/g) ?? []).sort().join('');
    byShape.set(`${call.command}${flags}`, byShape.get(`${call.command}${flags}`) ?? call);
  }
  return [...byShape.values()];
}

type SdkModule = Record<
  string,
  new (
    ...a: unknown[]
  ) => { send(c: unknown): Promise<unknown>; destroy(): void }
>;

/**
 * Sends each distinct call twice to a recording sandbox, once through the SDK and once as the printed line
 * through the real AWS CLI, and expects the same decoded request. Returns how many lines were proved.
 */
export async function expectCliLinesMatchSdk(recorded: RecordedCall[]): Promise<number> {
  const calls = distinctShapes(recorded);
  expect(calls.length, 'the scripts recorded no aws call').toBeGreaterThan(0);
  const dir = mkdtempSync(join(tmpdir(), 'cli-proof-'));
  const seen: Decoded[] = [];
  const recorder = await startSandbox({ port: 0, discover: false, services: recordingServices(seen) });
  const config = {
    endpoint: recorder.url,
    region: 'ap-northeast-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  try {
    for (const call of calls) {
      // The SDK's request, decoded by the sandbox.
      const sdk = (await import(call.sdkPackage)) as SdkModule;
      const clientName = Object.keys(sdk).find(
        (k) => k.endsWith('Client') && !k.startsWith('__') && k !== 'Client',
      )!;
      const client = new sdk[clientName]!(config);
      seen.length = 0;
      await client.send(new sdk[call.command]!(untag(call.input))).catch(() => undefined);
      client.destroy();
      const fromSdk = seen.at(-1);
      // The CLI's request for the printed line, from a directory holding the file:// files it names.
      const cwd = mkdtempSync(join(dir, 'cwd-'));
      const written: string[] = [];
      for (const [path, text] of Object.entries(call.files)) {
        const target = path.startsWith('/') ? path : join(cwd, path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, text);
        written.push(target);
      }
      seen.length = 0;
      // Read by bash as pasted into a terminal (history expansion on), run by the real AWS CLI v2.
      await awsCliLine(`${call.line} --endpoint-url ${recorder.url}`, {
        cwd,
        env: {
          PATH: process.env.PATH,
          HOME: cwd,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_DEFAULT_REGION: 'ap-northeast-1',
          AWS_MAX_ATTEMPTS: '1',
          AWS_PAGER: '',
        },
      }).catch(() => undefined);
      for (const path of written) rmSync(path, { force: true });
      const fromCli = seen.at(-1);
      expect(fromSdk, `the SDK call for: ${call.line}`).toBeDefined();
      expect(fromCli, `the CLI sent nothing the sandbox could decode for: ${call.line}`).toBeDefined();
      expect({ operation: fromCli!.operation, input: comparable(fromCli!.input) }, call.line).toEqual({
        operation: fromSdk!.operation,
        input: comparable(fromSdk!.input),
      });
    }
  } finally {
    await recorder.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return calls.length;
}

/** The last test of a lab test file: the proof over every script run the file made (skipped without the CLI). */
export function describeCliProof(slug: string, world: () => LabWorld): void {
  describe(`${slug} command lines`, () => {
    it.skipIf(!awsCliAvailable)(
      'every aws command line the scripts printed is the same request as their SDK call (Debian AWS CLI v2)',
      async () => {
        const proved = await expectCliLinesMatchSdk(world().recordedCalls());
        console.log(`${slug}: ${proved} distinct command lines, each the same request as its SDK call`);
      },
      600_000,
    );
  });
}
