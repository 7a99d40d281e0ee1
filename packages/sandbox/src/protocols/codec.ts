import type { AwsError, Protocol, ServiceInfo } from '../core/types.js';
import type { ServiceModel } from './models.js';
import type { WireRequest, WireResponse } from './wire.js';

/** What a codec needs to turn a routed request into the operation's input. */
export interface DecodeRequest {
  model: ServiceModel;
  operation: string;
  req: WireRequest;
  /** Query protocols: every parameter (URL and form body), as the router already read them. */
  params?: Map<string, string>;
}

/** What is known about a request when its error is written. */
export interface ErrorContext {
  /** The service, once the router found it; its model, once loaded. */
  info?: ServiceInfo;
  model?: ServiceModel;
  requestId: string;
  /**
   * The request, once it was admitted (routed, of an accepted size, with a well-formed query string): an
   * S3 error names the bucket of an admitted request only.
   */
  admitted?: WireRequest;
}

/**
 * One wire protocol: how a request's bytes become an operation's input, and how the handler's output or an
 * AwsError becomes the response bytes AWS would send. The router picks one codec per request; nothing else
 * looks at the protocol.
 */
export interface Codec {
  readonly protocol: Protocol;
  decode(call: DecodeRequest): Record<string, unknown>;
  encode(
    info: ServiceInfo,
    model: ServiceModel,
    operation: string,
    output: unknown,
    requestId: string,
  ): WireResponse;
  encodeError(err: AwsError, ctx: ErrorContext): WireResponse;
  /** The protocol's answer to a request naming no operation (`undefined`) or one its model does not have. */
  unknownOperation(operation: string | undefined): AwsError;
}
