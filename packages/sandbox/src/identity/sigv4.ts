import { timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/** The parts of a SigV4-signed request that identify the key and what it signed. */
export interface SigV4Auth {
  kind: 'header' | 'query';
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** Full ISO basic timestamp (X-Amz-Date). */
  amzDate?: string;
  expires?: number;
  sessionToken?: string;
}

const HEADER_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]+)\s*$/i;

/** Reads SigV4 auth from the Authorization header or presigned query parameters; `undefined` if absent. */
export function parseSigV4(
  headers: Record<string, string | string[] | undefined>,
  query: Map<string, string>,
): SigV4Auth | 'malformed' | undefined {
  const header = headers.authorization;
  const sessionToken = single(headers['x-amz-security-token']);
  if (typeof header === 'string' && header.length > 0) {
    const m = HEADER_RE.exec(header);
    if (!m) return 'malformed';
    const [, accessKeyId, date, region, service, signed, signature] = m as unknown as string[];
    return {
      kind: 'header',
      accessKeyId: accessKeyId as string,
      date: date as string,
      region: region as string,
      service: service as string,
      signedHeaders: (signed as string).toLowerCase().split(';'),
      signature: (signature as string).toLowerCase(),
      amzDate: single(headers['x-amz-date']),
      sessionToken,
    };
  }
  const credential = query.get('X-Amz-Credential');
  if (query.get('X-Amz-Algorithm') === undefined && credential === undefined) return undefined;
  const parts = credential?.split('/') ?? [];
  const signature = query.get('X-Amz-Signature');
  const signedHeaders = query.get('X-Amz-SignedHeaders');
  if (
    query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' ||
    parts.length !== 5 ||
    parts[4] !== 'aws4_request' ||
    !signature ||
    !signedHeaders
  ) {
    return 'malformed';
  }
  return {
    kind: 'query',
    accessKeyId: parts[0] as string,
    date: parts[1] as string,
    region: parts[2] as string,
    service: parts[3] as string,
    signedHeaders: signedHeaders.toLowerCase().split(';'),
    signature: signature.toLowerCase(),
    amzDate: query.get('X-Amz-Date'),
    expires: query.has('X-Amz-Expires') ? Number(query.get('X-Amz-Expires')) : undefined,
    sessionToken: query.get('X-Amz-Security-Token'),
  };
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** `20240101T000000Z` → Date (a new one each call: callers may keep or change it). */
export function parseAmzDate(s: string | undefined): Date | undefined {
  // Requests signed in the same second carry the same X-Amz-Date: the last one parsed is kept.
  if (s !== undefined && s === lastAmzDate.text) return new Date(lastAmzDate.ms);
  const m = s && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se] = m.map(Number) as number[];
  const ms = Date.UTC(y as number, (mo as number) - 1, d, h, mi, se);
  lastAmzDate = { text: s as string, ms };
  return new Date(ms);
}

let lastAmzDate: { text?: string; ms: number } = { ms: 0 };

export interface IncomingForVerify {
  method: string;
  /** The raw path as sent (percent-encoded). */
  rawPath: string;
  /** Decoded query parameters in order. */
  query: [string, string][];
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * Recomputes the signature with the secret the sandbox knows for the key, using the same signer the SDK uses,
 * and compares in constant time.
 */
export async function verifySigV4(
  auth: SigV4Auth,
  req: IncomingForVerify,
  secretAccessKey: string,
): Promise<boolean> {
  const signingDate = parseAmzDate(auth.amzDate);
  if (!signingDate) return false;
  const s3 = auth.service === 's3';
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey },
    region: auth.region,
    service: auth.service,
    sha256: Hash.bind(null, 'sha256'),
    // S3 signs the path as sent; every other service signs it normalised and encoded once more.
    uriEscapePath: !s3,
    // Only what the client signed: never add x-amz-content-sha256 ourselves.
    applyChecksum: false,
  });
  const signed = new Set(auth.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const v = req.headers[name];
    if (v !== undefined) headers[name] = Array.isArray(v) ? v.join(',') : v;
  }
  const path = s3 ? req.rawPath : safeDecode(req.rawPath);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of req.query) {
    if (auth.kind === 'query' && PRESIGN_PARAMS.has(k)) continue;
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const [hostname, port] = splitHost(headers.host ?? '');
  const request = {
    method: req.method,
    protocol: 'http:',
    hostname,
    port,
    path,
    query,
    headers,
    body: req.body,
  };
  let computed: string | undefined;
  if (auth.kind === 'header') {
    if (!signed.has('x-amz-security-token')) delete headers['x-amz-security-token'];
    const out = await signer.sign(request, {
      signingDate,
      signableHeaders: signed,
      unsignableHeaders: new Set(),
    });
    const m = /Signature=([0-9a-f]+)/.exec(String(out.headers.authorization ?? out.headers.Authorization));
    computed = m?.[1];
  } else {
    if (s3 && headers['x-amz-content-sha256'] === undefined)
      headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    const unsignable = new Set(['x-amz-content-sha256'].filter((h) => !signed.has(h)));
    const out = await signer.presign(request, {
      signingDate,
      expiresIn: auth.expires ?? 3600,
      signableHeaders: signed,
      unsignableHeaders: unsignable,
      unhoistableHeaders: new Set(Object.keys(headers)),
    });
    computed = String(out.query?.['X-Amz-Signature'] ?? '');
  }
  if (!computed || computed.length !== auth.signature.length) return false;
  return timingSafeEqual(Buffer.from(computed), Buffer.from(auth.signature));
}

/** Query parameters that presign() adds itself; X-Amz-Security-Token stays as sent. */
const PRESIGN_PARAMS = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
]);

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function splitHost(host: string): [string, number | undefined] {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!m) return [host, undefined];
  return [m[1] as string, m[2] ? Number(m[2]) : undefined];
}
