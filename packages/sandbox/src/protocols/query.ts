import { isUtf8 } from 'node:buffer';
import { AwsError } from '../core/types.js';
import { invalidParameterValue, missingParameter } from './errors.js';
import { operationInput, operationOutput, type ServiceInfo, type ServiceModel } from './models.js';
import { parseQueryInput, type QueryFlavor } from './query-input.js';
import { header, type WireRequest, type WireResponse } from './wire.js';
import { structMembersXml } from './xml-output.js';

/** Parameters that carry the request's routing and authentication rather than operation input. */
const RESERVED = new Set([
  'Action',
  'Version',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
  'AWSAccessKeyId',
  'SignatureVersion',
  'SignatureMethod',
  'Signature',
  'Timestamp',
]);

/**
 * Splits `a=1&b=2` strictly: a bad percent escape is MalformedQueryString, as AWS answers, where
 * URLSearchParams would pass it through silently.
 */
export function parseFormEncoded(text: string): [string, string][] {
  const out: [string, string][] = [];
  if (text === '') return out;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    try {
      out.push([
        decodeURIComponent(rawKey.replace(/\+/g, ' ')),
        decodeURIComponent(rawValue.replace(/\+/g, ' ')),
      ]);
    } catch {
      throw new AwsError(
        'MalformedQueryString',
        `The query string contains a malformed percent-encoding near '${pair.slice(0, 40)}'`,
      );
    }
  }
  return out;
}

export function isFormBody(req: WireRequest): boolean {
  const type = header(req, 'content-type') ?? '';
  return /^application\/x-www-form-urlencoded\b/i.test(type);
}

/** All query-protocol parameters: the URL's and, for a form POST, the body's. */
export function queryParams(req: WireRequest): Map<string, string> {
  const params = new Map<string, string>(req.query);
  if (req.body.length > 0) {
    if (!isFormBody(req)) {
      throw new AwsError(
        'UnsupportedMediaType',
        `Content-Type '${header(req, 'content-type') ?? '(none)'}' is not accepted here; send application/x-www-form-urlencoded`,
        { status: 415 },
      );
    }
    // Bytes that are not UTF-8 would otherwise be decoded lossily into U+FFFD and reach the handlers.
    if (!isUtf8(req.body)) {
      throw new AwsError('MalformedQueryString', 'The request body is not valid UTF-8.');
    }
    for (const [k, v] of parseFormEncoded(req.body.toString('utf8'))) params.set(k, v);
  }
  return params;
}

export function decodeQueryInput(
  model: ServiceModel,
  operation: string,
  params: Map<string, string>,
  flavor: QueryFlavor,
): Record<string, unknown> {
  const op = model.operations.get(operation);
  if (!op) return {};
  const service = model.info.name;
  const inputParams = new Map([...params].filter(([k]) => !RESERVED.has(k)));
  return parseQueryInput(operationInput(op), inputParams, {
    flavor,
    missing: (member, path) => missingParameter(service, member, path),
    invalid: (path, raw, type) => invalidParameterValue(service, path, raw, type),
  });
}

export function encodeQueryOutput(
  info: ServiceInfo,
  model: ServiceModel,
  operation: string,
  output: unknown,
  requestId: string,
  flavor: QueryFlavor,
): WireResponse {
  const op = model.operations.get(operation);
  const schema = op ? operationOutput(op) : undefined;
  const value = (output ?? {}) as Record<string, unknown>;
  const unit = schema === undefined || schema === 'unit' || !Array.isArray(schema);
  if (flavor === 'ec2Query') {
    const members = unit ? '' : structMembersXml(schema, value, { millis: true });
    return {
      status: 200,
      headers: { 'content-type': 'text/xml;charset=UTF-8' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${info.xmlns}"><requestId>${requestId}</requestId>${members}</${operation}Response>`,
    };
  }
  const result = unit
    ? ''
    : `<${operation}Result>${structMembersXml(schema, value, { millis: false })}</${operation}Result>`;
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: `<${operation}Response xmlns="${info.xmlns}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>\n`,
  };
}
