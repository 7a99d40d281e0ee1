import { isUtf8 } from 'node:buffer';
import { AwsError } from '../core/types.js';
import type { Codec } from './codec.js';
import { invalidParameterValue, missingOrInvalidAction, missingParameter } from './errors.js';
import { operationInput, operationOutput, type ServiceModel } from './models.js';
import { parseQueryInput, type QueryFlavor } from './query-input.js';
import { header, resolveError, type WireRequest, XML_DECL } from './wire.js';
import { escapeXml, structMembersXml } from './xml-output.js';

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

/** The output structure's members as XML, or undefined for an operation without output. */
function outputMembers(model: ServiceModel, operation: string, output: unknown, millis: boolean) {
  const op = model.operations.get(operation);
  const schema = op ? operationOutput(op) : undefined;
  if (schema === undefined || schema === 'unit' || !Array.isArray(schema)) return undefined;
  return structMembersXml(schema, (output ?? {}) as Record<string, unknown>, { millis });
}

const decodeAs =
  (flavor: QueryFlavor): Codec['decode'] =>
  // Query bodies are checked for UTF-8 where they are read (queryParams), before routing needs them.
  ({ model, operation, params }) =>
    decodeQueryInput(model, operation, params ?? new Map(), flavor);

/** awsQuery: IAM, STS, CloudFormation; SQS and CloudWatch from CLI 2.9. */
export const awsQuery: Codec = {
  protocol: 'awsQuery',
  decode: decodeAs('awsQuery'),
  encode(info, model, operation, output, requestId) {
    const members = outputMembers(model, operation, output, false);
    const result = members === undefined ? '' : `<${operation}Result>${members}</${operation}Result>`;
    return {
      status: 200,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: `<${operation}Response xmlns="${info.xmlns}">${result}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>\n`,
    };
  },
  encodeError(err, { info, model, requestId }) {
    const { queryCode, status } = resolveError(err, model);
    const ns = info ? ` xmlns="${info.xmlns}"` : '';
    return {
      status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: `<ErrorResponse${ns}>\n  <Error>\n    <Type>${err.fault}</Type>\n    <Code>${escapeXml(queryCode)}</Code>\n    <Message>${escapeXml(err.queryMessage ?? err.message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
    };
  },
  unknownOperation: missingOrInvalidAction,
};

/** EC2's query dialect: flattened lists in, its own response and error documents out. */
export const ec2Query: Codec = {
  protocol: 'ec2Query',
  decode: decodeAs('ec2Query'),
  encode(info, model, operation, output, requestId) {
    const members = outputMembers(model, operation, output, true) ?? '';
    return {
      status: 200,
      headers: { 'content-type': 'text/xml;charset=UTF-8' },
      body: `${XML_DECL}<${operation}Response xmlns="${info.xmlns}"><requestId>${requestId}</requestId>${members}</${operation}Response>`,
    };
  },
  encodeError(err, { model, requestId }) {
    const { queryCode, status } = resolveError(err, model);
    return {
      status,
      headers: { 'content-type': 'text/xml;charset=UTF-8' },
      body: `${XML_DECL}<Response><Errors><Error><Code>${escapeXml(queryCode)}</Code><Message>${escapeXml(err.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
    };
  },
  unknownOperation: missingOrInvalidAction,
};
