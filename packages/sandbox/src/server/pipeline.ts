import type { Dispatcher } from '../core/dispatch.js';
import { AwsError, DEFAULT_REGION, type Principal } from '../core/types.js';
import { authenticate, rootPrincipal } from '../identity/authenticate.js';
import { parseAmzDate, parseSigV4, type SigV4Auth } from '../identity/sigv4.js';
import {
  authFailure,
  internalError,
  invalidAction,
  malformedAuthorization,
  missingAuthentication,
  notImplemented,
} from '../protocols/errors.js';
import { decodeJsonInput, encodeJsonOutput, jsonTarget } from '../protocols/json.js';
import {
  loadModel,
  type Protocol,
  SERVICES,
  type ServiceInfo,
  type ServiceModel,
  serviceInfo,
} from '../protocols/models.js';
import { decodeQueryInput, encodeQueryOutput, queryParams } from '../protocols/query.js';
import { decodeRestXmlInput, encodeRestXmlOutput, s3Operation, s3Target } from '../protocols/rest-xml.js';
import { header, renderError, type WireRequest, type WireResponse } from '../protocols/wire.js';

/** What the first look at a request tells: which service, protocol and operation it is for. */
interface Routed {
  info?: ServiceInfo;
  model?: ServiceModel;
  protocol: Protocol;
  operation?: string;
  auth?: SigV4Auth | 'malformed';
  /** For query protocols: all parameters (URL and form body). */
  params?: Map<string, string>;
}

/**
 * One request from bytes to bytes: route (X-Amz-Target, SigV4 credential scope, Action), authenticate,
 * decode the input with the service model, run the operation, encode the output. Every failure becomes the
 * protocol's error document; nothing escapes to the HTTP server.
 */
export async function handleAwsRequest(
  dispatcher: Dispatcher,
  req: WireRequest,
  opts: { bodyTooLarge: boolean; bodyLimit: number; malformedQuery?: string },
): Promise<WireResponse> {
  const requestId = dispatcher.nextRequestId();
  const routed: Routed = { protocol: 'awsQuery' };
  let extra: Record<string, string> = {};
  try {
    await route(req, routed);
    if (opts.malformedQuery !== undefined) {
      throw new AwsError(
        'MalformedQueryString',
        `The query string contains a malformed percent-encoding: ${opts.malformedQuery}`,
      );
    }
    const { info, model } = routed;
    if (!info || !model) {
      throw new AwsError(
        'InvalidAction',
        'The sandbox could not tell which AWS service this request is for (no X-Amz-Target, SigV4 credential scope or known Action).',
      );
    }
    if (opts.bodyTooLarge) {
      throw new AwsError(
        'RequestEntityTooLarge',
        `The request body is larger than the sandbox accepts (${opts.bodyLimit} bytes).`,
        { status: 413 },
      );
    }
    if (info.name === 's3') {
      const { bucket } = s3Target(req);
      if (bucket) extra = { BucketName: bucket };
    }
    const principal = await identify(dispatcher, req, routed, info);
    const operation = routed.operation;
    if (!operation) throw missingAction(routed.protocol);
    if (!model.operations.has(operation)) {
      if (routed.protocol === 'awsJson1_0') throw new AwsError('UnknownOperationException', '');
      throw invalidAction(operation);
    }
    if (!dispatcher.has(info.name, operation)) throw notImplemented(info.name, operation);
    const input = decodeInput(routed, model, operation, req);
    const output = await dispatcher.invoke({
      service: info.name,
      operation,
      input,
      principal,
      region: routed.auth && routed.auth !== 'malformed' ? routed.auth.region : DEFAULT_REGION,
      endpoint: req.endpoint,
      requestId,
      origin: {
        // IPv4 clients on a dual-stack socket show as ::ffff:127.0.0.1; CloudTrail writes the plain address.
        sourceIpAddress: (req.sourceIp ?? '127.0.0.1').replace(/^::ffff:/, ''),
        userAgent: header(req, 'user-agent') ?? '',
      },
    });
    return encodeOutput(routed, info, model, operation, output, requestId);
  } catch (err) {
    const awsErr = err instanceof AwsError ? err : internalError(err);
    if (!(err instanceof AwsError))
      process.stderr.write(`sandbox: internal error: ${(err as Error)?.stack ?? err}\n`);
    const res = renderError(routed.protocol, routed.info, routed.model, awsErr, requestId, extra);
    if (req.method === 'HEAD') res.body = '';
    return res;
  }
}

function missingAction(protocol: Protocol): AwsError {
  if (protocol === 'awsJson1_0') return new AwsError('UnknownOperationException', '');
  return new AwsError('MissingAction', 'The request must contain the parameter Action.');
}

async function route(req: WireRequest, routed: Routed): Promise<void> {
  const headers = req.headers;
  const target = jsonTarget(req);
  const queryMap = new Map(req.query);
  routed.auth = parseSigV4(headers, queryMap);
  if (target) {
    routed.protocol = 'awsJson1_0';
    const info = Object.values(SERVICES).find(
      (s) => s.targetPrefix === target.prefix || s.targetAliases?.includes(target.prefix),
    );
    if (!info)
      throw new AwsError(
        'UnknownOperationException',
        `The sandbox does not serve X-Amz-Target ${target.prefix}`,
      );
    routed.info = info;
    routed.model = await loadModel(info.name);
    routed.operation = target.operation;
    return;
  }
  let info = routed.auth && routed.auth !== 'malformed' ? serviceInfo(routed.auth.service) : undefined;
  if (routed.auth && routed.auth !== 'malformed' && !info) {
    throw new AwsError('InvalidAction', `The sandbox does not emulate the service '${routed.auth.service}'.`);
  }
  if (info?.name === 's3') {
    routed.protocol = 'restXml';
    routed.info = info;
    routed.model = await loadModel('s3');
    routed.operation = s3Operation(req);
    if (!routed.operation)
      throw new AwsError(
        'NotImplemented',
        `The sandbox does not recognise the S3 request ${req.method} ${req.rawPath}`,
        { status: 501 },
      );
    return;
  }
  if (info) routed.protocol = info.name === 'ec2' ? 'ec2Query' : 'awsQuery';
  routed.info = info;
  const params = queryParams(req);
  routed.params = params;
  const action = params.get('Action');
  if (!info) {
    // Unsigned: find the service from the Action, else it can only be S3 (the one REST service).
    info = action ? await serviceForAction(action) : undefined;
    if (!info && !action) {
      routed.protocol = 'restXml';
      info = SERVICES.s3 as ServiceInfo;
      routed.operation = s3Operation(req);
    }
    if (!info) return;
    if (info.name !== 's3') routed.protocol = info.name === 'ec2' ? 'ec2Query' : 'awsQuery';
    routed.info = info;
  }
  routed.model = await loadModel(info.name);
  if (info.name !== 's3') routed.operation = action;
}

async function serviceForAction(action: string): Promise<ServiceInfo | undefined> {
  for (const info of Object.values(SERVICES)) {
    if (info.protocols.includes('restXml')) continue;
    const model = await loadModel(info.name);
    if (model.operations.has(action)) return info;
  }
  return undefined;
}

async function identify(
  dispatcher: Dispatcher,
  req: WireRequest,
  routed: Routed,
  info: ServiceInfo,
): Promise<Principal> {
  const auth = routed.auth;
  if (auth === 'malformed') throw malformedAuthorization(info.name);
  if (!auth) {
    // STS's web-identity and SAML operations are the ones AWS answers unsigned; the sandbox has none yet.
    throw missingAuthentication(info.name);
  }
  if (auth.kind === 'query' && auth.expires !== undefined) {
    // Clients sign with the wall clock, so expiry is judged by it rather than by the sandbox clock.
    const signedAt = parseAmzDate(auth.amzDate);
    if (
      !signedAt ||
      !Number.isFinite(auth.expires) ||
      Date.now() > signedAt.getTime() + auth.expires * 1000
    ) {
      throw new AwsError('AccessDenied', 'Request has expired', { status: 403 });
    }
  }
  const result = await authenticate(dispatcher.state, auth, req);
  if (typeof result === 'string') throw authFailure(info.name, result);
  return result;
}

function decodeInput(
  routed: Routed,
  model: ServiceModel,
  operation: string,
  req: WireRequest,
): Record<string, unknown> {
  switch (routed.protocol) {
    case 'awsJson1_0':
      return decodeJsonInput(model, operation, req);
    case 'restXml':
      return decodeRestXmlInput(model, operation, req);
    default:
      return decodeQueryInput(
        model,
        operation,
        routed.params ?? new Map(),
        routed.protocol === 'ec2Query' ? 'ec2Query' : 'awsQuery',
      );
  }
}

function encodeOutput(
  routed: Routed,
  info: ServiceInfo,
  model: ServiceModel,
  operation: string,
  output: unknown,
  requestId: string,
): WireResponse {
  switch (routed.protocol) {
    case 'awsJson1_0':
      return encodeJsonOutput(model, operation, output, requestId);
    case 'restXml':
      return encodeRestXmlOutput(info, model, operation, output, requestId);
    default:
      return encodeQueryOutput(
        info,
        model,
        operation,
        output,
        requestId,
        routed.protocol === 'ec2Query' ? 'ec2Query' : 'awsQuery',
      );
  }
}

export { rootPrincipal };
