import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { SandboxClock } from '../core/clock.js';
import { Dispatcher } from '../core/dispatch.js';
import { SeededRng } from '../core/rng.js';
import { StateStore } from '../core/state.js';
import type { RequestObserver, ServiceDefinition } from '../core/types.js';
import { parseFormEncoded } from '../protocols/query.js';
import type { WireRequest } from '../protocols/wire.js';
import { control } from './control.js';
import { type HostGuard, hostGuard } from './guard.js';
import { handleAwsRequest } from './pipeline.js';

export const SANDBOX_VERSION = '0.1.0';

/** Large enough for CloudFormation template bodies and SQS batches, small enough to refuse abuse. */
export const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export interface SandboxOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  /**
   * Host names (or `name:port`) clients may use besides 127.0.0.1, localhost and [::1], e.g.
   * `host.docker.internal`. Any other Host header is refused (DNS rebinding).
   */
  hostnames?: string[];
  /** Where state is persisted; absent keeps everything in memory. */
  dataDir?: string;
  /** Seed for ids and sampling; the same seed replays the same sequence. Default 0. */
  seed?: number | string;
  /** Extra or replacement service definitions for this instance (tests). */
  services?: ServiceDefinition[];
  /** `false`: serve only `services`, none of the sandbox's own (tests that bring their own definitions). */
  discover?: boolean;
  /** Sees every request this instance answers over HTTP, after it completed (tests count them). */
  onRequest?: RequestObserver;
  /**
   * At most this many items per page of every paginated list (1-1000), so a client that reads only the
   * first page misses the rest. Undefined: each service's own page size.
   */
  pageSize?: number;
}

export interface RunningSandbox {
  /** http://host:port, the value for AWS_ENDPOINT_URL. */
  url: string;
  port: number;
  host: string;
  /** Names of the services served. */
  services: string[];
  clock: {
    now(): Date;
    advance(ms: number): void;
    set(date: Date): void;
    freeze(date?: Date): void;
    resume(): void;
  };
  /** Stops listening, ends open connections and writes state one last time. */
  close(): Promise<void>;
}

/**
 * What the health answer tells a client about which sandbox it reached: a lab prints it as its first line,
 * so a sandbox left running by another checkout is not used silently.
 */
interface SandboxIdentity {
  version: string;
  /** Absolute; null when state is kept in memory only. */
  dataDir: string | null;
  pid: number;
  /** Epoch milliseconds. */
  started: number;
}

export function assertLoopback(host: string): void {
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(
      `The sandbox listens on loopback addresses only (127.0.0.1, ::1 or localhost); refusing host '${host}'. It emulates an AWS account that anyone reaching the port could use.`,
    );
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  assertLoopback(host);
  hostGuard(0, options.hostnames); // a bad name stops the start before anything listens
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`Invalid port ${port}: use 0-65535`);
  const seed = String(options.seed ?? 0);

  const state = new StateStore(options.dataDir);
  const extras = state.load();
  const rng = new SeededRng(options.seed ?? 0, extras.rngState);
  const clock = new SandboxClock();
  // Imported here, not at the top: a test serving its own definitions does not load every service.
  const own = options.discover === false ? [] : (await import('../services/index.js')).serviceDefinitions;
  const services = new Map<string, ServiceDefinition>();
  for (const def of [...own, ...(options.services ?? [])]) services.set(def.name, def);
  const dispatcher = new Dispatcher(
    services,
    state,
    clock,
    rng,
    seed,
    options.onRequest ? [options.onRequest] : [],
    checkPageSize(options.pageSize),
  );
  const identity: SandboxIdentity = {
    version: SANDBOX_VERSION,
    dataDir: options.dataDir ? resolve(options.dataDir) : null,
    pid: process.pid,
    started: Date.now(),
  };

  let guard: HostGuard | undefined;
  const server = createServer((req, res) => {
    const refusal = guard ? guard.refusal(req.headers) : 'the sandbox is starting';
    if (refusal) {
      // Before the body is read: a refused request costs nothing, and the connection is not reused.
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end(`${refusal}\n`);
      return;
    }
    serve(dispatcher, req, res, identity).catch((err) => {
      process.stderr.write(`sandbox: ${err?.stack ?? err}\n`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  server.keepAliveTimeout = 5000;
  await listen(server, port, host);
  const address = server.address() as AddressInfo;
  guard = hostGuard(address.port, options.hostnames);
  const urlHost =
    address.family === 'IPv6' ? `[${address.address}]` : host === 'localhost' ? 'localhost' : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    host,
    services: [...services.keys()].sort(),
    clock: {
      now: () => clock.now(),
      advance: (ms) => clock.advance(ms),
      set: (date) => clock.set(date),
      freeze: (date) => clock.freeze(date),
      resume: () => clock.resume(),
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests in flight get a moment to finish (SQS long polls are cut short).
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }).then(() => dispatcher.persist());
      return closing;
    },
  };
}

function checkPageSize(size: number | undefined): number | undefined {
  if (size === undefined) return undefined;
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new Error(`Invalid page size ${size}: use a whole number from 1 to 1000`);
  }
  return size;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function serve(
  dispatcher: Dispatcher,
  req: IncomingMessage,
  res: ServerResponse,
  identity: SandboxIdentity,
): Promise<void> {
  const { body, tooLarge } = await readBody(req, BODY_LIMIT_BYTES);
  const hostHeader = req.headers.host ?? '127.0.0.1';
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const search = q < 0 ? '' : rawUrl.slice(q + 1);

  const answer = control(req, rawPath, body, {
    clock: dispatcher.clock,
    health: () => ({
      status: 'ok',
      version: identity.version,
      services: [...dispatcher.services.keys()].sort(),
      uptime: (Date.now() - identity.started) / 1000,
      dataDir: identity.dataDir,
      pid: identity.pid,
      clock: dispatcher.clock.now().toISOString(),
    }),
  });
  if (answer) {
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
    return;
  }

  let query: [string, string][] = [];
  let malformedQuery: string | undefined;
  try {
    query = parseFormEncoded(search);
  } catch {
    malformedQuery = search.slice(0, 80);
  }
  const wire: WireRequest = {
    method: req.method ?? 'GET',
    rawPath,
    query,
    headers: req.headers,
    body,
    endpoint: new URL(`http://${hostHeader}`),
    sourceIp: req.socket.remoteAddress,
  };
  const out = await handleAwsRequest(dispatcher, wire, {
    bodyTooLarge: tooLarge,
    bodyLimit: BODY_LIMIT_BYTES,
    malformedQuery,
  });
  const bytes = Buffer.isBuffer(out.body) ? out.body : Buffer.from(out.body, 'utf8');
  res.writeHead(out.status, {
    ...out.headers,
    // HEAD answers carry the length of what GET would send (S3 HeadObject), not of their empty body.
    'content-length':
      req.method === 'HEAD' && out.headers['content-length']
        ? out.headers['content-length']
        : String(bytes.length),
    date: new Date().toUTCString(),
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/** Reads the body up to `limit` bytes; the rest is drained and dropped so the connection stays usable. */
function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}
