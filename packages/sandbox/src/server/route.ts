import { AwsError, type ServiceInfo } from '../core/types.js';
import { parseSigV4, type SigV4Auth } from '../identity/sigv4.js';
import type { Codec } from '../protocols/codec.js';
import { awsJson, jsonTarget } from '../protocols/json.js';
import { loadModel, type ServiceModel } from '../protocols/models.js';
import { awsQuery, ec2Query, queryParams } from '../protocols/query.js';
import { restJson, restJsonOperation } from '../protocols/rest-json.js';
import { restXml, s3Operation } from '../protocols/rest-xml.js';
import type { WireRequest } from '../protocols/wire.js';

/** The services this sandbox serves, by signing name (their descriptors). */
export type Served = ReadonlyMap<string, ServiceInfo>;

/**
 * What the first look at a request tells: the codec that reads and answers it, and as much as could be
 * found of its service, model and operation. A request that cannot be routed still has a codec: `refusal`
 * is the error to answer in that codec's shape, with what was found before it.
 */
export interface Routed {
  codec: Codec;
  info?: ServiceInfo;
  model?: ServiceModel;
  operation?: string;
  auth?: SigV4Auth | 'malformed';
  /** Query protocols: all parameters (URL and form body). */
  params?: Map<string, string>;
  refusal?: unknown;
}

/**
 * Finds the service and operation: `X-Amz-Target` (AWS JSON), else the service in the SigV4 credential
 * scope (Authorization header or presigned `X-Amz-Credential`), else the `Action` parameter; S3 (REST-XML)
 * by method, path depth and sub-resource, restJson by the model's HTTP bindings.
 */
export async function route(req: WireRequest, services: Served): Promise<Routed> {
  const auth = parseSigV4(req.headers, new Map(req.query));
  const target = jsonTarget(req);
  if (target) {
    const info = [...services.values()].find(
      (s) => s.targetPrefix === target.prefix || s.targetAliases?.includes(target.prefix),
    );
    if (!info) {
      const refusal = new AwsError(
        'UnknownOperationException',
        `The sandbox does not serve X-Amz-Target ${target.prefix}`,
      );
      return { codec: awsJson, auth, refusal };
    }
    return { codec: awsJson, auth, info, model: await loadModel(info), operation: target.operation };
  }
  const signed = auth && auth !== 'malformed' ? auth : undefined;
  const info = signed ? services.get(signed.service) : undefined;
  if (signed && !info) {
    const refusal = new AwsError(
      'InvalidAction',
      `The sandbox does not emulate the service '${signed.service}'.`,
    );
    return { codec: awsQuery, auth, refusal };
  }
  if (info?.protocols[0] === 'restXml')
    return routeS3({ codec: restXml, auth, info, model: await loadModel(info) }, req);
  if (info?.protocols[0] === 'restJson') {
    const model = await loadModel(info);
    return attempt({ codec: restJson, auth, info, model }, () => ({
      operation: restJsonOperation(model, req),
    }));
  }
  return routeQuery(req, services, auth, info);
}

/** The query protocols: the service from the credential scope, or (unsigned) from the `Action`. */
async function routeQuery(
  req: WireRequest,
  services: Served,
  auth: Routed['auth'],
  signedFor?: ServiceInfo,
): Promise<Routed> {
  const found: Routed = { codec: signedFor ? queryCodec(signedFor) : awsQuery, auth, info: signedFor };
  const read = attempt(found, () => ({ params: queryParams(req) }));
  const params = read.params;
  if (!params) return read;
  const action = params.get('Action');
  if (signedFor) return { ...read, model: await loadModel(signedFor), operation: action };
  const info = action ? await serviceForAction(services, action) : undefined;
  if (info)
    return { ...read, codec: queryCodec(info), info, model: await loadModel(info), operation: action };
  if (action) return read;
  // Unsigned and without an Action: it can only be S3 (the one REST service that answers presigned URLs).
  const s3 = attempt({ ...read, codec: restXml }, () => ({ operation: s3Operation(req) }));
  if (s3.refusal !== undefined) return s3;
  const rest = [...services.values()].find((s) => s.protocols[0] === 'restXml');
  if (!rest) return { ...s3, refusal: new AwsError('InvalidAction', 'The sandbox serves no S3 here.') };
  return { ...s3, info: rest, model: await loadModel(rest) };
}

function routeS3(found: Routed, req: WireRequest): Routed {
  const routed = attempt(found, () => ({ operation: s3Operation(req) }));
  if (routed.refusal !== undefined || routed.operation) return routed;
  const refusal = new AwsError(
    'NotImplemented',
    `The sandbox does not recognise the S3 request ${req.method} ${req.rawPath}`,
    { status: 501 },
  );
  return { ...routed, refusal };
}

function queryCodec(info: ServiceInfo): Codec {
  return info.protocols.includes('ec2Query') ? ec2Query : awsQuery;
}

/** `found` with what `step` adds, or with the error `step` threw as its refusal. */
function attempt(found: Routed, step: () => Partial<Routed>): Routed {
  try {
    return { ...found, ...step() };
  } catch (err) {
    return { ...found, refusal: err };
  }
}

/** An unsigned request's `Action`: the query-protocol service whose model has that operation. */
async function serviceForAction(services: Served, action: string): Promise<ServiceInfo | undefined> {
  for (const info of services.values()) {
    if (!info.protocols.includes('awsQuery') && !info.protocols.includes('ec2Query')) continue;
    const model = await loadModel(info);
    if (model.operations.has(action)) return info;
  }
  return undefined;
}
