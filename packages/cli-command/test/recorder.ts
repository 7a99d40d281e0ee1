import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A loopback server that records the body of each request and answers every one with a query-protocol error:
 * the SDK and `/usr/bin/aws` both send it their request for a call, and a test compares what they sent.
 * (IAM, EC2 and CloudFormation use query protocols in both; SQS differs by protocol between the two clients,
 * so its equivalence is proven against the sandbox instead.)
 */
export const AWS_CLI = '/usr/bin/aws';
export const awsCliAvailable = existsSync(AWS_CLI);

export type Params = Record<string, string>;

/**
 * bash reading the line from its input with history expansion on, as when a reader pastes it into a terminal:
 * `bash -c` would accept lines an interactive shell rejects ("!" in double quotes: event not found).
 */
export const PASTED = ['-o', 'history', '-H'];

export interface Recorder {
  /** SDK client configuration pointing at the recorder. */
  clientConfig(): {
    endpoint: string;
    region: string;
    maxAttempts: number;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** The parameters of the one request `send` made. */
  recordSdk(send: () => Promise<unknown>): Promise<Params>;
  /** The parameters of the one request the printed command line made, run by bash with the real CLI. */
  recordCli(line: string, cwd?: string): Promise<Params>;
  readonly dir: string;
  close(): Promise<void>;
}

function params(body: string): Params {
  const out = Object.fromEntries(new URLSearchParams(body));
  delete out.Version;
  // Idempotency tokens are random UUIDs that both clients generate themselves.
  delete out.ClientToken;
  return out;
}

export async function startRecorder(): Promise<Recorder> {
  let bodies: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'cli-recorder-'));
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(400, { 'content-type': 'text/xml' });
      res.end(
        '<ErrorResponse><Error><Type>Sender</Type><Code>Recorded</Code><Message>recorded</Message></Error><RequestId>r</RequestId></ErrorResponse>',
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    dir,
    clientConfig: () => ({
      endpoint,
      region: 'ap-northeast-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
    async recordSdk(send) {
      bodies = [];
      await send().catch(() => undefined);
      if (bodies.length !== 1) throw new Error(`the SDK sent ${bodies.length} requests`);
      return params(bodies[0]!);
    },
    recordCli(line, cwd = dir) {
      bodies = [];
      return new Promise((done, fail) => {
        const child = spawn('bash', PASTED, {
          cwd,
          env: {
            PATH: process.env.PATH,
            HOME: dir,
            AWS_ACCESS_KEY_ID: 'test',
            AWS_SECRET_ACCESS_KEY: 'test',
            AWS_DEFAULT_REGION: 'ap-northeast-1',
            AWS_MAX_ATTEMPTS: '1',
            AWS_PAGER: '',
          },
        });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', () => {
          if (bodies.length !== 1)
            fail(new Error(`the CLI sent ${bodies.length} requests for: ${line}\n${stderr}`));
          else done(params(bodies[0]!));
        });
        child.stdin.end(`${line.replace(/^aws /, `${AWS_CLI} `)} --endpoint-url ${endpoint}\n`);
      });
    },
    async close() {
      await new Promise<void>((ok) => server.close(() => ok()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
