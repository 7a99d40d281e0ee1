import type { AwsError } from '../core/types.js';
import { errorTraits, type ServiceModel } from './models.js';

/** An HTTP request as the protocol layer sees it. */
export interface WireRequest {
  method: string;
  /** Path as sent, percent-encoded. */
  rawPath: string;
  /** Query-string parameters, decoded, in order. */
  query: [string, string][];
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** scheme://host:port the client used. */
  endpoint: URL;
  /** The client's address (the socket's remote address). */
  sourceIp?: string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** A Buffer only for an S3 object's bytes (GetObject); documents are strings. */
  body: string | Buffer;
}

export function header(req: WireRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The error code, status and awsQuery code an error has in this service's model. */
export function resolveError(err: AwsError, model: ServiceModel | undefined) {
  const schema = model?.errors.get(err.code);
  const fromModel = errorTraits(schema);
  const shapeName = schema ? String(schema[2]) : err.code;
  const queryCode = err.queryCode ?? fromModel.queryCode ?? err.code;
  // A handler that left the default 400 gets the model's status (404 for IAM NoSuchEntity, ...).
  const status = err.status === 400 && fromModel.status ? fromModel.status : err.status;
  return { shapeName, queryCode, status };
}

/** S3's second request id: derived from the first so responses stay deterministic. */
export function hostId(requestId: string): string {
  return Buffer.from(`${requestId}/sandbox`).toString('base64');
}
