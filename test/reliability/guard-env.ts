import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const GUARD = join(__dirname, 'network-guard.mjs');

const pick = (alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

/** Credentials shaped like a real IAM user's (not AWS's EXAMPLE ones, not `test`). */
export function realLookingCredentials(): { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string } {
  return {
    AWS_ACCESS_KEY_ID: `AKIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
    AWS_SECRET_ACCESS_KEY: `${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}${pick('abcdefghijklmnopqrstuvwxyz', 4)}${pick('0123456789', 4)}${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+', 28)}`,
  };
}

/** A proxy on loopback that answers every request 403 and remembers where it was meant to go. */
export async function recordingProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(403).end('refused by the test proxy');
  });
  server.on('connect', (req, socket) => {
    seen.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/**
 * The environment of a learner who has real keys in their shell and did not opt in to AWS: no
 * HANDSON_TARGET, every proxy variable pointing at the recording proxy (Python's botocore and other tools
 * honour them; loopback is excluded so the sandbox stays reachable), and the network guard preloaded.
 */
export function guardedEnv(proxy: string, log: string): NodeJS.ProcessEnv {
  return {
    ...realLookingCredentials(),
    HANDSON_TARGET: undefined,
    AWS_ENDPOINT_URL: undefined,
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    http_proxy: proxy,
    https_proxy: proxy,
    ALL_PROXY: proxy,
    NO_PROXY: '127.0.0.1,localhost,::1',
    no_proxy: '127.0.0.1,localhost,::1',
    NODE_OPTIONS: `--import=${GUARD}`,
    HANDSON_GUARD_LOG: log,
  };
}

export interface Connection {
  script: string;
  host: string;
  port: number;
  allowed: boolean;
}

export function connections(log: string): Connection[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Connection);
}
