import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type RecordedCall, untag } from '@handson/labkit';
import { type RunningSandbox, type ServiceDefinition, startSandbox } from '@handson/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, LabWorld, ROOT } from './run-lab';

/**
 * Issue 13's proof: for every distinct call the labs' scripts make, the aws command line they print, run with
 * Debian's AWS CLI v2, is the same request as the SDK call. Both go to a sandbox whose services only record
 * the input their protocol layer decoded (AWS JSON for the SDK's SQS, awsQuery for the CLI's, and so on), so
 * "same request" means "same operation and same decoded input": what a deterministic service answers with.
 */
const AWS = '/usr/bin/aws';
const labs = readdirSync(join(ROOT, 'scripts'))
  .filter((d) => /^\d\d-/.test(d))
  .sort();

interface Decoded {
  service: string;
  operation: string;
  input: Record<string, unknown>;
}

function recordingServices(seen: Decoded[]): ServiceDefinition[] {
  return ['iam', 'sts', 's3', 'sqs', 'ec2', 'cloudformation'].map((name) => ({
    name,
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
 * Content-MD5, the SDK a CRC32): everything else must match.
 */
function comparable(input: Record<string, unknown>): Record<string, unknown> {
  const { ClientToken: _c, ClientRequestToken: _r, ContentMD5: _m, ChecksumAlgorithm: _a, ...rest } = input;
  return JSON.parse(
    JSON.stringify(rest, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)),
  );
}

/** One call per distinct command line shape (operation + flags), so the proof stays fast. */
function distinct(calls: RecordedCall[]): RecordedCall[] {
  const byShape = new Map<string, RecordedCall>();
  for (const call of calls) {
    const flags = (call.line.match(/ --[a-z0-9-]+/g) ?? []).sort().join('');
    byShape.set(`${call.command}${flags}`, byShape.get(`${call.command}${flags}`) ?? call);
  }
  return [...byShape.values()];
}

describe.skipIf(!existsSync(AWS))(
  'every aws command line the labs print is the same request as their SDK call',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-proof-'));
    const seen: Decoded[] = [];
    let recorder: RunningSandbox;
    beforeAll(async () => {
      recorder = await startSandbox({ port: 0, discover: false, services: recordingServices(seen) });
    });
    afterAll(async () => {
      await recorder?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const slug of labs) {
      it(`${slug}: the printed commands`, async () => {
        const world = await LabWorld.start(slug, 'cli-proof');
        const file = join(dir, `${slug}.jsonl`);
        try {
          for (const step of world.scripts().steps) {
            const run = await world.run(step, [], { HANDSON_RECORD_CALLS: file });
            expect(run.code, explain(run)).toBe(0);
          }
          await world.run('teardown.mts');
        } finally {
          await world.close();
        }
        const calls = distinct(
          readFileSync(file, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as RecordedCall),
        );
        expect(calls.length).toBeGreaterThan(0);
        const config = {
          endpoint: recorder.url,
          region: 'ap-northeast-1',
          maxAttempts: 1,
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        };
        const written: string[] = [];
        for (const call of calls) {
          // The SDK's request, decoded by the sandbox.
          const sdk = (await import(call.sdkPackage)) as Record<
            string,
            new (
              ...a: unknown[]
            ) => { send(c: unknown): Promise<unknown>; destroy(): void }
          >;
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
          for (const [path, text] of Object.entries(call.files)) {
            const target = path.startsWith('/') ? path : join(cwd, path);
            mkdirSync(dirname(target), { recursive: true });
            writeFileSync(target, text);
            written.push(target);
          }
          seen.length = 0;
          await promisify(execFile)(
            'bash',
            ['-c', `${call.line.replace(/^aws /, `${AWS} `)} --endpoint-url ${recorder.url}`],
            {
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
            },
          ).catch(() => undefined);
          const fromCli = seen.at(-1);
          expect(fromSdk, `the SDK call for: ${call.line}`).toBeDefined();
          expect(fromCli, `the CLI sent nothing the sandbox could decode for: ${call.line}`).toBeDefined();
          expect({ operation: fromCli!.operation, input: comparable(fromCli!.input) }, call.line).toEqual({
            operation: fromSdk!.operation,
            input: comparable(fromSdk!.input),
          });
        }
        for (const path of written) rmSync(path, { force: true });
        console.log(`${slug}: ${calls.length} distinct command lines, each the same request as its SDK call`);
      }, 600_000);
    }
  },
);
