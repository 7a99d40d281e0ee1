import { isUtf8 } from 'node:buffer';
import { AwsError } from '../core/types.js';
import type { Codec } from './codec.js';
import { jsonTypeError, missingParameter } from './errors.js';
import { parseJsonInput, toJsonOutput } from './json-shape.js';
import { operationInput, operationOutput, type ServiceModel } from './models.js';
import { header, resolveError, type WireRequest, type WireResponse } from './wire.js';

/** AWS JSON 1.0: `X-Amz-Target: AmazonSQS.SendMessage`, a JSON body, a JSON answer. */

export function jsonTarget(req: WireRequest): { prefix: string; operation: string } | undefined {
  const target = header(req, 'x-amz-target');
  if (!target) return undefined;
  const dot = target.lastIndexOf('.');
  if (dot < 0) return { prefix: target, operation: '' };
  return { prefix: target.slice(0, dot), operation: target.slice(dot + 1) };
}

export function decodeJsonInput(
  model: ServiceModel,
  operation: string,
  req: WireRequest,
): Record<string, unknown> {
  const type = header(req, 'content-type') ?? '';
  if (!/^application\/(x-amz-json-1\.[01]|json)\b/i.test(type)) {
    throw new AwsError(
      'UnsupportedMediaType',
      `Content-Type '${type || '(none)'}' is not accepted here; send application/x-amz-json-1.0`,
      {
        status: 415,
      },
    );
  }
  let body: unknown;
  const text = req.body.toString('utf8');
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new AwsError('SerializationException', 'The request body is not valid JSON');
  }
  const op = model.operations.get(operation);
  if (!op) return {};
  return parseJsonInput(operationInput(op), body, {
    missing: (member, path) => missingParameter(model.info.name, member, path),
    invalid: (path, t) => jsonTypeError(path, t),
  });
}

export function encodeJsonOutput(
  model: ServiceModel,
  operation: string,
  output: unknown,
  requestId: string,
): WireResponse {
  const op = model.operations.get(operation);
  const schema = op ? operationOutput(op) : undefined;
  const value = Array.isArray(schema) ? toJsonOutput(schema, output ?? {}) : {};
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId },
    body: JSON.stringify(value),
  };
}

/** AWS JSON 1.0 (and 1.1, which differs only in the Content-Type): SQS and CloudWatch from SDK v3, DynamoDB. */
export const awsJson: Codec = {
  protocol: 'awsJson1_0',
  decode({ model, operation, req }) {
    // Not UTF-8: refused rather than decoded lossily (into U+FFFD) and stored.
    if (req.body.length > 0 && !isUtf8(req.body)) {
      throw new AwsError('SerializationException', 'The request body is not valid UTF-8.');
    }
    return decodeJsonInput(model, operation, req);
  },
  encode: (_info, model, operation, output, requestId) =>
    encodeJsonOutput(model, operation, output, requestId),
  encodeError(err, { info, model, requestId }) {
    const { shapeName, queryCode, status } = resolveError(err, model);
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': requestId,
    };
    if (info?.queryCompatible) headers['x-amzn-query-error'] = `${queryCode};${err.fault}`;
    const body = JSON.stringify({
      __type: `${info?.namespace ?? 'com.amazonaws'}#${shapeName}`,
      message: err.message,
    });
    return { status, headers, body };
  },
  unknownOperation: () => new AwsError('UnknownOperationException', ''),
};
