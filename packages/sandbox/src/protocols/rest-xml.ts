import { isUtf8 } from 'node:buffer';
import { XMLParser } from 'fast-xml-parser';
import type { ServiceInfo } from '../core/types.js';
import { AwsError } from '../core/types.js';
import type { Codec } from './codec.js';
import { invalidParameterValue, missingOrInvalidAction, missingParameter } from './errors.js';
import { operationInput, operationOutput, type ServiceModel } from './models.js';
import { NormalizedSchema, parseScalar, requiredMembers, timestampFormat, wireTimestamp } from './values.js';
import { header, hostId, resolveError, type WireRequest, type WireResponse, XML_DECL } from './wire.js';
import { escapeXml, scalarText, structMembersXml } from './xml-output.js';

/*
 * S3's REST-XML protocol. The SDK's S3 model strips `{Bucket}` from its URIs (the bucket goes into the host
 * through endpoint rules), so operations are recognised from the method, the path depth (service, bucket,
 * object) and the sub-resource in the query string, as S3 itself does.
 */

interface Route {
  method: string;
  target: 'service' | 'bucket' | 'object';
  /** A query key that must be present (the sub-resource), or none of the known ones. */
  sub?: string;
  when?: (req: WireRequest, query: Map<string, string>) => boolean;
  operation: string;
}

const ROUTES: Route[] = [
  { method: 'GET', target: 'service', operation: 'ListBuckets' },
  { method: 'GET', target: 'bucket', sub: 'location', operation: 'GetBucketLocation' },
  { method: 'GET', target: 'bucket', sub: 'tagging', operation: 'GetBucketTagging' },
  { method: 'PUT', target: 'bucket', sub: 'tagging', operation: 'PutBucketTagging' },
  { method: 'DELETE', target: 'bucket', sub: 'tagging', operation: 'DeleteBucketTagging' },
  { method: 'GET', target: 'bucket', sub: 'versioning', operation: 'GetBucketVersioning' },
  { method: 'PUT', target: 'bucket', sub: 'versioning', operation: 'PutBucketVersioning' },
  { method: 'GET', target: 'bucket', sub: 'policy', operation: 'GetBucketPolicy' },
  { method: 'PUT', target: 'bucket', sub: 'policy', operation: 'PutBucketPolicy' },
  { method: 'DELETE', target: 'bucket', sub: 'policy', operation: 'DeleteBucketPolicy' },
  { method: 'GET', target: 'bucket', sub: 'acl', operation: 'GetBucketAcl' },
  { method: 'PUT', target: 'bucket', sub: 'acl', operation: 'PutBucketAcl' },
  { method: 'GET', target: 'bucket', sub: 'uploads', operation: 'ListMultipartUploads' },
  { method: 'GET', target: 'bucket', sub: 'versions', operation: 'ListObjectVersions' },
  { method: 'POST', target: 'bucket', sub: 'delete', operation: 'DeleteObjects' },
  {
    method: 'GET',
    target: 'bucket',
    when: (_r, q) => q.get('list-type') === '2',
    operation: 'ListObjectsV2',
  },
  { method: 'GET', target: 'bucket', operation: 'ListObjects' },
  { method: 'PUT', target: 'bucket', operation: 'CreateBucket' },
  { method: 'DELETE', target: 'bucket', operation: 'DeleteBucket' },
  { method: 'HEAD', target: 'bucket', operation: 'HeadBucket' },
  { method: 'GET', target: 'object', sub: 'tagging', operation: 'GetObjectTagging' },
  { method: 'PUT', target: 'object', sub: 'tagging', operation: 'PutObjectTagging' },
  { method: 'GET', target: 'object', sub: 'acl', operation: 'GetObjectAcl' },
  { method: 'POST', target: 'object', sub: 'uploads', operation: 'CreateMultipartUpload' },
  { method: 'PUT', target: 'object', sub: 'uploadId', operation: 'UploadPart' },
  { method: 'POST', target: 'object', sub: 'uploadId', operation: 'CompleteMultipartUpload' },
  { method: 'DELETE', target: 'object', sub: 'uploadId', operation: 'AbortMultipartUpload' },
  { method: 'GET', target: 'object', sub: 'uploadId', operation: 'ListParts' },
  {
    method: 'PUT',
    target: 'object',
    when: (r) => header(r, 'x-amz-copy-source') !== undefined,
    operation: 'CopyObject',
  },
  { method: 'GET', target: 'object', operation: 'GetObject' },
  { method: 'PUT', target: 'object', operation: 'PutObject' },
  { method: 'DELETE', target: 'object', operation: 'DeleteObject' },
  { method: 'HEAD', target: 'object', operation: 'HeadObject' },
];

const SUBRESOURCES = new Set(ROUTES.flatMap((r) => (r.sub ? [r.sub] : [])));

export interface S3Target {
  bucket?: string;
  key?: string;
}

/** Bucket and key from a path-style URL, or from a `bucket.localhost` virtual host. */
export function s3Target(req: WireRequest): S3Target {
  const host = (header(req, 'host') ?? '').replace(/:\d+$/, '');
  const segments = req.rawPath.split('/').slice(1);
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      // S3's answer to a path whose percent-encoding does not decode (a URIError was a 500 here).
      throw new AwsError('InvalidURI', "Couldn't parse the specified URI.", { status: 400 });
    }
  };
  const vhost = /^(.+)\.localhost$/.exec(host);
  if (vhost) {
    const key = segments.join('/');
    return { bucket: vhost[1], key: key === '' ? undefined : decode(key) };
  }
  const bucket = segments[0] ? decode(segments[0]) : undefined;
  const rest = segments.slice(1).join('/');
  return { bucket, key: rest === '' ? undefined : decode(rest) };
}

export function s3Operation(req: WireRequest): string | undefined {
  const query = new Map(req.query);
  const { bucket, key } = s3Target(req);
  const target = key !== undefined ? 'object' : bucket !== undefined ? 'bucket' : 'service';
  for (const route of ROUTES) {
    if (route.method !== req.method || route.target !== target) continue;
    if (route.sub ? !query.has(route.sub) : [...query.keys()].some((k) => SUBRESOURCES.has(k))) continue;
    if (route.when && !route.when(req, query)) continue;
    return route.operation;
  }
  return undefined;
}

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
});

export function decodeRestXmlInput(
  model: ServiceModel,
  operation: string,
  req: WireRequest,
): Record<string, unknown> {
  const op = model.operations.get(operation);
  if (!op) return {};
  const ns = NormalizedSchema.of(operationInput(op) as never);
  if (!ns.isStructSchema()) return {};
  const service = model.info.name;
  const invalid = (path: string, raw: string, type: string) =>
    invalidParameterValue(service, path, raw, type);
  const { bucket, key } = s3Target(req);
  const query = new Map(req.query);
  const out: Record<string, unknown> = {};
  for (const [name, member] of ns.structIterator()) {
    const traits = member.getMergedTraits() as Record<string, unknown>;
    let raw: string | undefined;
    if (traits.httpLabel) raw = name === 'Bucket' ? bucket : name === 'Key' ? key : undefined;
    else if (typeof traits.httpHeader === 'string') raw = header(req, traits.httpHeader.toLowerCase());
    else if (typeof traits.httpQuery === 'string') raw = query.get(traits.httpQuery);
    else if (traits.httpPayload) {
      if (member.isStructSchema()) out[name] = readPayload(member, req, name);
      else if (req.body.length > 0)
        out[name] = member.isStringSchema() ? req.body.toString('utf8') : req.body;
      continue;
    } else if (name === 'Bucket') raw = bucket;
    if (raw !== undefined) out[name] = parseScalar(member, raw, name, invalid);
  }
  for (const name of requiredMembers(ns)) {
    if (out[name] === undefined) throw missingParameter(service, name, name);
  }
  return out;
}

function readPayload(ns: NormalizedSchema, req: WireRequest, name: string): unknown {
  if (req.body.length === 0) return undefined;
  let doc: Record<string, unknown>;
  try {
    // `true` validates first: the parser alone accepts unclosed elements (a body cut short).
    doc = xmlParser.parse(req.body.toString('utf8'), true) as Record<string, unknown>;
  } catch {
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  }
  const rootName = (ns.getMergedTraits() as { xmlName?: string }).xmlName ?? name;
  const root = doc[rootName];
  if (root === undefined) {
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  }
  return xmlValue(ns, root);
}

/** A parsed XML element as the model's value (structures, lists, scalars). */
function xmlValue(ns: NormalizedSchema, node: unknown): unknown {
  if (ns.isStructSchema()) {
    const out: Record<string, unknown> = {};
    if (!node || typeof node !== 'object') return out;
    for (const [name, member] of ns.structIterator()) {
      const tag = (member.getMergedTraits() as { xmlName?: string }).xmlName ?? name;
      const child = (node as Record<string, unknown>)[tag];
      if (child === undefined) continue;
      out[name] = xmlValue(member, child);
    }
    return out;
  }
  if (ns.isListSchema()) {
    const member = ns.getValueSchema();
    const flattened = Boolean(ns.getMergedTraits().xmlFlattened);
    const tag = (member.getMergedTraits() as { xmlName?: string }).xmlName ?? 'member';
    const items = flattened ? node : (node as Record<string, unknown> | undefined)?.[tag];
    if (items === undefined || items === '') return [];
    return (Array.isArray(items) ? items : [items]).map((item) => xmlValue(member, item));
  }
  const text = typeof node === 'string' ? node : String(node ?? '');
  return parseScalar(ns, text, ns.getMemberName?.() ?? '', (p, raw, type) =>
    invalidParameterValue('s3', p, raw, type),
  );
}

export function encodeRestXmlOutput(
  info: ServiceInfo,
  model: ServiceModel,
  operation: string,
  output: unknown,
  requestId: string,
): WireResponse {
  const op = model.operations.get(operation);
  const http = (op?.[3] as { http?: [string, string, number] } | undefined)?.http;
  const headers: Record<string, string> = { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId(requestId) };
  const schema = op ? operationOutput(op) : undefined;
  const value = (output ?? {}) as Record<string, unknown>;
  let status = http?.[2] ?? 200;
  let body: string | Buffer = '';
  if (Array.isArray(schema)) {
    const ns = NormalizedSchema.of(schema as never);
    let payload: string | Buffer | undefined;
    for (const [name, member] of ns.structIterator()) {
      const traits = member.getMergedTraits() as Record<string, unknown>;
      const v = value[name];
      if (v === undefined || v === null) continue;
      if (typeof traits.httpHeader === 'string')
        // Timestamps in headers are HTTP dates unless the model says otherwise (Smithy's httpHeader rule).
        headers[traits.httpHeader.toLowerCase()] = member.isTimestampSchema()
          ? String(wireTimestamp(v, timestampFormat(member, 'http-date'), false))
          : scalarText(member, v, { millis: true });
      else if (traits.httpResponseCode) status = Number(v);
      else if (traits.httpPayload)
        payload = typeof v === 'string' || Buffer.isBuffer(v) ? v : structXml(member, v);
    }
    const hasBodyMembers = [...ns.structIterator()].some(([, m]) => {
      const t = m.getMergedTraits() as Record<string, unknown>;
      return !t.httpHeader && !t.httpResponseCode && !t.httpPayload && !t.httpPrefixHeaders;
    });
    if (payload !== undefined) body = payload;
    else if (operation === 'GetBucketLocation') {
      // S3's one bare-value document: <LocationConstraint>region</LocationConstraint>, empty for us-east-1.
      const region = value.LocationConstraint;
      body = `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${info.xmlns}">${region ? String(region) : ''}</LocationConstraint>`;
    } else if (hasBodyMembers) {
      const root = (ns.getMergedTraits() as { xmlName?: string }).xmlName ?? `${operation}Output`;
      body = `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${info.xmlns}">${structMembersXml(schema, value, { millis: true, skipHttpBound: true })}</${root}>`;
    }
  }
  if (body.length > 0 && !headers['content-type']) headers['content-type'] = 'application/xml';
  return { status, headers, body };
}

function structXml(ns: NormalizedSchema, value: unknown): string {
  const root = (ns.getMergedTraits() as { xmlName?: string }).xmlName ?? ns.getName() ?? 'Payload';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>${structMembersXml(ns.getSchema(), value as Record<string, unknown>, { millis: true })}</${root}>`;
}

/** S3 operations whose body is the object's bytes, not an XML document. */
const BLOB_BODIES = new Set(['PutObject', 'UploadPart']);

const MALFORMED_XML =
  'The XML you provided was not well-formed or did not validate against our published schema';

/** The router has read the bucket of an admitted request already; a path it could not read names none. */
function bucketOf(req: WireRequest): string | undefined {
  try {
    return s3Target(req).bucket;
  } catch {
    return undefined;
  }
}

/** S3's REST-XML. */
export const restXml: Codec = {
  protocol: 'restXml',
  decode({ model, operation, req }) {
    // An XML body that is not UTF-8 is refused rather than decoded lossily (into U+FFFD) and stored.
    if (req.body.length > 0 && !BLOB_BODIES.has(operation) && !isUtf8(req.body)) {
      throw new AwsError('MalformedXML', MALFORMED_XML);
    }
    return decodeRestXmlInput(model, operation, req);
  },
  encode: encodeRestXmlOutput,
  encodeError(err, { model, requestId, admitted }) {
    const { queryCode, status } = resolveError(err, model);
    const bucket = admitted ? bucketOf(admitted) : undefined;
    const bucketName = bucket ? `<BucketName>${escapeXml(bucket)}</BucketName>` : '';
    return {
      status,
      headers: {
        'content-type': 'application/xml',
        'x-amz-request-id': requestId,
        'x-amz-id-2': hostId(requestId),
      },
      body: `${XML_DECL}<Error><Code>${escapeXml(queryCode)}</Code><Message>${escapeXml(err.message)}</Message>${bucketName}<RequestId>${requestId}</RequestId><HostId>${hostId(requestId)}</HostId></Error>`,
    };
  },
  unknownOperation: missingOrInvalidAction,
};
