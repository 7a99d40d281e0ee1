import type { Dispatcher } from '../core/dispatch.js';
import { notImplemented } from '../core/refusals.js';
import { AwsError, DEFAULT_REGION, type Principal, type ServiceInfo } from '../core/types.js';
import { authenticate } from '../identity/authenticate.js';
import { requestTimeProblem, unsignedHost } from '../identity/request-time.js';
import {
  authFailure,
  internalError,
  malformedAuthorization,
  missingAuthentication,
} from '../protocols/errors.js';
import { awsQuery } from '../protocols/query.js';
import { header, type WireRequest, type WireResponse } from '../protocols/wire.js';
import { type Routed, route } from './route.js';

/**
 * One request from bytes to bytes: route (which picks the codec), authenticate, decode the input with the
 * service model, run the operation, encode the output. Every failure becomes the codec's error document;
 * nothing escapes to the HTTP server.
 */
export async function handleAwsRequest(
  dispatcher: Dispatcher,
  req: WireRequest,
  opts: { bodyTooLarge: boolean; bodyLimit: number; malformedQuery?: string },
): Promise<WireResponse> {
  const requestId = dispatcher.nextRequestId();
  // A model that fails to load is the one failure routing does not turn into a refusal itself.
  const routed: Routed = await route(req, dispatcher.services).catch((refusal: unknown) => ({
    codec: awsQuery,
    refusal,
  }));
  let admitted: WireRequest | undefined;
  try {
    if (routed.refusal !== undefined) throw routed.refusal;
    admit(routed, opts);
    admitted = req;
    return await serveRouted(dispatcher, req, routed, requestId);
  } catch (err) {
    const awsErr = err instanceof AwsError ? err : internalError(err);
    if (!(err instanceof AwsError))
      process.stderr.write(`sandbox: internal error: ${(err as Error)?.stack ?? err}\n`);
    const { info, model } = routed;
    const res = routed.codec.encodeError(awsErr, { info, model, requestId, admitted });
    // Printable ASCII only: a header cannot carry what a template's keys may hold.
    if (awsErr.hint) res.headers['x-handson-hint'] = awsErr.hint.replace(/[^\x20-\x7e]/g, '?');
    if (req.method === 'HEAD') res.body = '';
    return res;
  }
}

/** Refusals that need no authentication: a bad query string, an unknown service, a body over the limit. */
function admit(
  routed: Routed,
  opts: { bodyTooLarge: boolean; bodyLimit: number; malformedQuery?: string },
): void {
  if (opts.malformedQuery !== undefined) {
    throw new AwsError(
      'MalformedQueryString',
      `The query string contains a malformed percent-encoding: ${opts.malformedQuery}`,
    );
  }
  if (!routed.info || !routed.model) {
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
}

async function serveRouted(
  dispatcher: Dispatcher,
  req: WireRequest,
  routed: Routed,
  requestId: string,
): Promise<WireResponse> {
  const { codec, operation } = routed;
  const info = routed.info as ServiceInfo;
  const model = routed.model as NonNullable<Routed['model']>;
  const principal = await identify(dispatcher, req, routed, info);
  if (!operation || !model.operations.has(operation)) throw codec.unknownOperation(operation || undefined);
  if (!dispatcher.has(info.name, operation)) throw notImplemented(info.name, operation);
  const input = codec.decode({ model, operation, req, params: routed.params });
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
  return codec.encode(info, model, operation, output, requestId);
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
  // The real clock: clients sign with it, while the sandbox's clock is virtual.
  const stale = requestTimeProblem(info.name, auth, req.headers, Date.now());
  if (stale) throw stale;
  const result = await authenticate((id) => dispatcher.issuedCredential(id), auth, req);
  if (result === 'UnsignedHost') throw unsignedHost(info.name, auth) as AwsError;
  if (typeof result === 'string') throw authFailure(info.name, result);
  return result;
}
