import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of an AWS-compatible endpoint that counts the API calls passing through,
 * by operation. It sees every client the same way (the CLI's query protocol, the SDK's JSON protocol), works
 * for any endpoint, and forwards bytes and headers untouched, so SigV4 signatures still verify.
 */
export interface CountingProxy {
  url: string;
  /** API calls by operation name since the last reset. */
  counts(): Map<string, number>;
  /** Requests that were not API calls (the helpers' sandbox health checks). */
  otherRequests(): number;
  /** Milliseconds during which at least one request was in flight: the time clients spent waiting on calls. */
  busyMs(): number;
  reset(): void;
  /** With `record`: the last answer to each operation, as the floor server replays it. */
  recorded(): Record<string, RecordedAnswer>;
  close(): Promise<void>;
}

export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers that belong to one connection or moment, not to the answer. */
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** The operation an AWS request names: X-Amz-Target (JSON protocols) or the Action parameter (query). */
export function operationOf(
  headers: Record<string, string | string[] | undefined>,
  url: string,
  body: string,
) {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  const action = /(?:^|[?&])Action=([A-Za-z0-9]+)/.exec(`${url.split('?')[1] ?? ''}&${body}`);
  return action?.[1];
}

/** Reads an upstream answer as it streams to the client, and hands it over whole, without per-connection headers. */
function recordAnswer(upstreamRes: IncomingMessage, done: (answer: RecordedAnswer) => void): void {
  const parts: Buffer[] = [];
  upstreamRes.on('data', (c: Buffer) => parts.push(c));
  upstreamRes.on('end', () => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(upstreamRes.headers))
      if (typeof v === 'string' && !PER_CONNECTION.has(k)) headers[k] = v;
    done({ status: upstreamRes.statusCode ?? 200, headers, body: Buffer.concat(parts).toString('utf8') });
  });
}

/** Listens on 127.0.0.1 (`port` 0 for any free one) and answers the port it got. */
async function listenOnLoopback(server: Server, port: number): Promise<number> {
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', done);
  });
  return (server.address() as AddressInfo).port;
}

export async function startCountingProxy(
  upstream: string,
  opts: { record?: boolean; port?: number } = {},
): Promise<CountingProxy> {
  const target = new URL(upstream);
  const recorded: Record<string, RecordedAnswer> = {};
  let counts = new Map<string, number>();
  let other = 0;
  let inFlight = 0;
  let busySince = 0;
  let busy = 0;
  const server = createServer((req, res) => {
    if (inFlight++ === 0) busySince = performance.now();
    res.on('close', () => {
      if (--inFlight === 0) busy += performance.now() - busySince;
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const op = req.url?.startsWith('/_sandbox/')
        ? undefined
        : operationOf(req.headers, req.url ?? '/', body.toString('latin1'));
      if (op) counts.set(op, (counts.get(op) ?? 0) + 1);
      else other++;
      const out = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          // Recording runs with the documentation's root keys, whose signatures the sandbox does not check, so
          // the Host can name the upstream (the sandbox answers only its own host names).
          headers: opts.record ? { ...req.headers, host: target.host } : req.headers,
        },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
          if (opts.record && op && (upstreamRes.statusCode ?? 500) < 300) {
            recordAnswer(upstreamRes, (answer) => {
              recorded[op] = answer;
            });
          }
        },
      );
      out.on('error', (error) => {
        res.writeHead(502).end(String(error));
      });
      out.end(body);
    });
  });
  const port = await listenOnLoopback(server, opts.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => new Map(counts),
    otherRequests: () => other,
    busyMs: () => busy + (inFlight > 0 ? performance.now() - busySince : 0),
    reset: () => {
      counts = new Map();
      other = 0;
      busy = 0;
      busySince = performance.now();
    },
    recorded: () => ({ ...recorded }),
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

/**
 * A sandbox behind a counting proxy. The sandbox refuses Host headers it does not know (DNS rebinding), and
 * clients sign the Host they send, so the proxy's port is chosen first and the sandbox is started to answer
 * `127.0.0.1:<that port>` too: bytes and signatures pass untouched.
 */
export async function behindCountingProxy<S extends { url: string }>(
  start: (hostnames: string[]) => Promise<S>,
): Promise<{ sandbox: S; proxy: CountingProxy }> {
  const port = await freePort();
  const sandbox = await start([`127.0.0.1:${port}`]);
  const proxy = await startCountingProxy(sandbox.url, { port });
  return { sandbox, proxy };
}

/** A port nothing listens on now (the caller binds it at once). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => done(port));
    });
  });
}
