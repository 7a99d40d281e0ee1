import type { AwsError } from '../core/types.js';
import { errorTraits, type Protocol, type ServiceInfo, type ServiceModel } from './models.js';
import { escapeXml } from './xml-output.js';

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
  body: string;
}

export function header(req: WireRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The error code, status and awsQuery code an error has in this service's model. */
function resolveError(err: AwsError, model: ServiceModel | undefined) {
  const schema = model?.errors.get(err.code);
  const fromModel = errorTraits(schema);
  const shapeName = schema ? String(schema[2]) : err.code;
  const queryCode = err.queryCode ?? fromModel.queryCode ?? err.code;
  // A handler that left the default 400 gets the model's status (404 for IAM NoSuchEntity, ...).
  const status = err.status === 400 && fromModel.status ? fromModel.status : err.status;
  return { shapeName, queryCode, status };
}

/** An AWS error in the exact document shape of the protocol, so SDKs raise the named exception. */
export function renderError(
  protocol: Protocol,
  info: ServiceInfo | undefined,
  model: ServiceModel | undefined,
  err: AwsError,
  requestId: string,
  extra: Record<string, string> = {},
): WireResponse {
  const { shapeName, queryCode, status } = resolveError(err, model);
  const message = escapeXml(err.message);
  switch (protocol) {
    case 'awsJson1_0': {
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
    }
    case 'ec2Query':
      return {
        status,
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body: `${XML_DECL}<Response><Errors><Error><Code>${escapeXml(queryCode)}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'restXml': {
      const fields = Object.entries(extra)
        .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
        .join('');
      return {
        status,
        headers: {
          'content-type': 'application/xml',
          'x-amz-request-id': requestId,
          'x-amz-id-2': hostId(requestId),
        },
        body: `${XML_DECL}<Error><Code>${escapeXml(queryCode)}</Code><Message>${message}</Message>${fields}<RequestId>${requestId}</RequestId><HostId>${hostId(requestId)}</HostId></Error>`,
      };
    }
    default: {
      const ns = info ? ` xmlns="${info.xmlns}"` : '';
      return {
        status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body: `<ErrorResponse${ns}>\n  <Error>\n    <Type>${err.fault}</Type>\n    <Code>${escapeXml(queryCode)}</Code>\n    <Message>${message}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
      };
    }
  }
}

/** S3's second request id: derived from the first so responses stay deterministic. */
export function hostId(requestId: string): string {
  return Buffer.from(`${requestId}/sandbox`).toString('base64');
}
