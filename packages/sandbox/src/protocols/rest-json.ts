import { AwsError } from '../core/types.js';
import type { Codec } from './codec.js';
import { jsonTypeError, missingOrInvalidAction, missingParameter } from './errors.js';
import { parseJsonInput, toJsonOutput } from './json-shape.js';
import { operationInput, operationOutput, type ServiceModel } from './models.js';
import { NormalizedSchema, parseScalar } from './values.js';
import { header, resolveError, type WireRequest, type WireResponse } from './wire.js';

/*
 * AWS restJson1 (DevOps Guru): the operation is found from the method and the path against each
 * operation's `http` trait (`GET /insights/{Id}`); input members come from the path labels, the query
 * string, headers and the JSON body as the model's HTTP binding traits say; the answer is a JSON body with
 * the trait's status code; errors carry their code in `x-amzn-errortype`, as AWS sends them.
 */

type HttpTrait = [string, string, number];

function httpTrait(op: unknown[]): HttpTrait | undefined {
  const traits = op[3] as { http?: HttpTrait } | undefined;
  return traits && typeof traits === 'object' ? traits.http : undefined;
}

/** Matches a path against a URI template; the labels it binds, or undefined. */
function matchPath(template: string, rawPath: string): Record<string, string> | undefined {
  const want = (template.split('?')[0] as string).split('/').filter(Boolean);
  const got = (rawPath.split('?')[0] as string).split('/').filter(Boolean);
  const labels: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const label = /^\{([^}+]+)(\+?)\}$/.exec(w);
    if (label?.[2] === '+') {
      if (i >= got.length) return undefined;
      labels[label[1] as string] = got.slice(i).map(safeDecode).join('/');
      return labels;
    }
    const g = got[i];
    if (g === undefined) return undefined;
    if (label) labels[label[1] as string] = safeDecode(g);
    else if (w !== g) return undefined;
  }
  return got.length === want.length ? labels : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AwsError('SerializationException', `The path segment ${segment} is not valid percent-encoding`);
  }
}

/** The operation a request is for; an unknown method and path answer UnknownOperationException (404). */
export function restJsonOperation(model: ServiceModel, req: WireRequest): string {
  // Literal segments beat labels: try the templates with the most literal characters first.
  const candidates = [...model.operations.entries()]
    .map(([name, op]) => ({ name, http: httpTrait(op) }))
    .filter((c): c is { name: string; http: HttpTrait } => c.http?.[0] === req.method)
    .sort((a, b) => b.http[1].replace(/\{[^}]*\}/g, '').length - a.http[1].replace(/\{[^}]*\}/g, '').length);
  const found = candidates.find((c) => matchPath(c.http[1], req.rawPath))?.name;
  if (found) return found;
  throw new AwsError(
    'UnknownOperationException',
    `${model.info.name} has no operation for ${req.method} ${req.rawPath.split('?')[0]}`,
    { status: 404 },
  );
}

export function decodeRestJsonInput(
  model: ServiceModel,
  operation: string,
  req: WireRequest,
): Record<string, unknown> {
  const op = model.operations.get(operation) as unknown[];
  const labels = matchPath((httpTrait(op) as HttpTrait)[1], req.rawPath) ?? {};
  const text = req.body.toString('utf8');
  let body: Record<string, unknown> = {};
  if (text.trim() !== '') {
    const type = header(req, 'content-type') ?? '';
    if (!/^application\/(x-amz-)?json\b/i.test(type))
      throw new AwsError(
        'UnsupportedMediaType',
        `Content-Type '${type}' is not accepted here; send application/json`,
        {
          status: 415,
        },
      );
    try {
      body = JSON.parse(text);
    } catch {
      throw new AwsError('SerializationException', 'The request body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw jsonTypeError('', 'structure');
  }
  const schema = operationInput(op);
  const ns = NormalizedSchema.of(schema as never);
  const merged: Record<string, unknown> = { ...body };
  const query = new Map(req.query);
  const invalid = (name: string, raw: string, t: string) =>
    new AwsError(
      'ValidationException',
      `Value '${raw}' at '${name}' failed to satisfy constraint: Member must be a ${t}`,
    );
  for (const [name, member] of ns.structIterator()) {
    const traits = member.getMergedTraits() as {
      httpLabel?: unknown;
      httpQuery?: string;
      httpHeader?: string;
    };
    let raw: string | undefined;
    if (traits.httpLabel) raw = labels[name];
    else if (traits.httpQuery) raw = query.get(traits.httpQuery);
    else if (traits.httpHeader) raw = header(req, traits.httpHeader.toLowerCase());
    else continue;
    delete merged[name];
    if (raw !== undefined) merged[name] = parseScalar(member, raw, name, invalid);
  }
  return parseJsonInput(schema, merged, {
    missing: (member, path) => missingParameter(model.info.name, member, path),
    invalid: (path, t) => jsonTypeError(path, t),
  });
}

export function encodeRestJsonOutput(
  model: ServiceModel,
  operation: string,
  output: unknown,
  requestId: string,
): WireResponse {
  const op = model.operations.get(operation) as unknown[];
  const schema = operationOutput(op);
  const value = Array.isArray(schema) ? toJsonOutput(schema, output ?? {}) : {};
  return {
    status: httpTrait(op)?.[2] ?? 200,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
    body: JSON.stringify(value),
  };
}

/** restJson1 (DevOps Guru); the operation always comes from the method and path, found by the router. */
export const restJson: Codec = {
  protocol: 'restJson',
  decode: ({ model, operation, req }) => decodeRestJsonInput(model, operation, req),
  encode: (_info, model, operation, output, requestId) =>
    encodeRestJsonOutput(model, operation, output, requestId),
  encodeError(err, { model, requestId }) {
    const { shapeName, status } = resolveError(err, model);
    return {
      status,
      headers: {
        'content-type': 'application/json',
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': shapeName,
      },
      body: JSON.stringify({ message: err.message, Message: err.message }),
    };
  },
  unknownOperation: missingOrInvalidAction,
};
