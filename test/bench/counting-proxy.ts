import { createServer, request } from 'node:http';
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
  close(): Promise<void>;
}

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

export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const target = new URL(upstream);
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
          headers: req.headers,
        },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      out.on('error', (error) => {
        res.writeHead(502).end(String(error));
      });
      out.end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
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
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
