import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsCliLine } from '@handson/test-support';

/**
 * A loopback server that records the body of each request and answers every one with a query-protocol error:
 * the SDK and `/usr/bin/aws` both send it their request for a call, and a test compares what they sent.
 * (IAM, EC2 and CloudFormation use query protocols in both; SQS differs by protocol between the two clients,
 * so its equivalence is proven against the sandbox instead.)
 */
export { AWS_CLI, awsCliAvailable, PASTED } from '@handson/test-support';

export type Params = Record<string, string>;

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
    async recordCli(line, cwd = dir) {
      bodies = [];
      // Read by bash as pasted into a terminal, then run by the real AWS CLI v2 (@handson/test-support).
      const run = await awsCliLine(`${line} --endpoint-url ${endpoint}`, {
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
      if (bodies.length !== 1)
        throw new Error(`the CLI sent ${bodies.length} requests for: ${line}\n${run.stderr}`);
      return params(bodies[0]!);
    },
    async close() {
      await new Promise<void>((ok) => server.close(() => ok()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
