/**
 * The contract between the sandbox's shared protocol layer and its per-service folders.
 *
 * A service is a set of operation handlers that take and return plain objects shaped like the service's API
 * model (member names exactly as in the official model, e.g. `UserName`, `QueueUrl`, `MaxNumberOfMessages`).
 * The protocol layer turns a wire request (EC2 query, awsQuery, AWS JSON 1.0, REST-XML) into such an object
 * and the handler's result back into the wire format; handlers never see HTTP.
 */

/** Who made the request, as identified from the SigV4 access key. */
export interface Principal {
  /** `root` for any key the sandbox did not issue (e.g. `test`/`test`): the account's administrator. */
  type: 'root' | 'user' | 'assumed-role';
  accountId: string;
  /** arn:aws:iam::123456789012:root | :user/NAME | arn:aws:sts::123456789012:assumed-role/ROLE/SESSION */
  arn: string;
  /** AIDA… for users, AROA…:session for assumed roles, the account id for root. */
  userId: string;
  accessKeyId: string;
  /** Set for users. */
  userName?: string;
  /** Set for assumed roles. */
  roleName?: string;
  sessionName?: string;
}

/** Seeded randomness: every random choice in the sandbox comes from here, so a seed replays exactly. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** `length` characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string;
}

/** Everything a handler may use; one per request. */
export interface RequestContext {
  accountId: string;
  region: string;
  /** The service's signing name: iam, sts, s3, sqs, ec2, cloudformation, cloudtrail. */
  service: string;
  /** The model's operation name, e.g. `CreateUser`. */
  operation: string;
  requestId: string;
  principal: Principal;
  /** The base URL the client used (scheme, host, port), for values such as SQS queue URLs. */
  endpoint: URL;
  /** The sandbox clock (tests may move it forward). */
  now(): Date;
  rng: Rng;
  /**
   * The sandbox's `--page-size`: every paginated list answers at most this many items per page (with the
   * service's usual continuation token), so a client that reads only the first page misses the rest, as it
   * would on a real account with more resources. Undefined: the services' own page sizes.
   */
  pageSize?: number;
  /**
   * The mutable, JSON-serialisable state of one service for this request's account, per region or global
   * (IAM is global). `init` builds it the first time. The core persists it after every mutating request.
   */
  store<T>(service: string, scope: 'region' | 'global', init: () => T): T;
  /** The same for another region (CloudTrail-style lookups across regions, or cross-region checks). */
  storeIn<T>(service: string, region: string, init: () => T): T;
  /** Calls another service's operation as the same principal (CloudFormation provisioning resources). */
  call(service: string, operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  /**
   * The policy evaluator the core asked before the handler ran, for an operation that needs a second action
   * (`requireAlso` in policy/require.ts). Absent: nothing grants a non-root principal anything.
   */
  authorizer?: Authorizer;
}

// biome-ignore lint/suspicious/noExplicitAny: decoded inputs of any operation; each handler narrows its own
export type Handler = (ctx: RequestContext, input: Record<string, any>) => unknown | Promise<unknown>;

export type Protocol = 'awsQuery' | 'ec2Query' | 'awsJson1_0' | 'restXml' | 'restJson';

/** How a service is spoken to: what routing and the codecs need of its descriptor. */
export interface ServiceInfo {
  /** SigV4 signing name and IAM action prefix (`iam`, `sqs`, `ec2`, ...). */
  name: string;
  /** Protocols the service answers; the first is what the model declares. */
  protocols: Protocol[];
  /** XML namespace of responses. */
  xmlns: string;
  /** X-Amz-Target prefix for JSON protocols. */
  targetPrefix?: string;
  /** Other prefixes clients send for the same service (SDK v3 drops CloudTrail's namespace). */
  targetAliases?: string[];
  /** Smithy namespace of the model's shapes (for JSON `__type`). */
  namespace: string;
  /** The JSON protocol's errors also carry awsQuery codes (`x-amzn-query-error`). */
  queryCompatible?: boolean;
  /** IAM, STS and S3 sign with us-east-1 by default; state for IAM lives in the `global` scope. */
  global?: boolean;
  /**
   * The service's model: the module of the pinned `@aws-sdk/client-*` package, whose exported Smithy
   * schemas protocols/models.ts reads (or schemas built another way, with the same shape).
   */
  load: () => Promise<Record<string, unknown>>;
}

/**
 * One service: how it is spoken to (ServiceInfo), its operations and what IAM, STS and CloudTrail need of it.
 * Each service folder's index exports one; services/index.ts lists them.
 */
export interface ServiceDefinition extends ServiceInfo {
  operations: Record<string, Handler>;
  /** Operations that never change state (skips persistence). Describe*, List*, Get* by default. */
  readOnly?: (operation: string) => boolean;
  /**
   * The resource ARNs an operation acts on, for IAM policy evaluation; `['*']` when the action is not
   * resource-scoped. Defaults to `['*']`.
   */
  // biome-ignore lint/suspicious/noExplicitAny: decoded inputs of any operation
  resources?: (ctx: RequestContext, operation: string, input: Record<string, any>) => string[];
  /**
   * IAM action names that differ from `<name>:<Operation>`, e.g. `{ ListBuckets: 's3:ListAllMyBuckets' }`.
   * Give the full `service:Action` string.
   */
  actions?: Record<string, string>;
  /** Finds who owns an access key this service issued (IAM user keys, STS session credentials). */
  credentials?: CredentialResolver;
  /**
   * Decides the requests of non-root principals (IAM's policy evaluator). A sandbox without a service that
   * has one denies every non-root request, as IAM does without a policy that allows it.
   */
  authorizer?: Authorizer;
  /** Sees every request the sandbox answers over HTTP, after it completed (CloudTrail's recorder). */
  observer?: RequestObserver;
}

/** An error with the AWS error code and message the real service returns; the protocol layer shapes it. */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  /** `Sender` (client fault) or `Receiver` (server fault), as in awsQuery error documents. */
  readonly fault: 'Sender' | 'Receiver';
  /** For awsQuery SQS: the legacy code (AWS.SimpleQueueService.NonExistentQueue) sent with the JSON code. */
  readonly queryCode?: string;
  /** For awsQuery: the message when the legacy protocol words it differently (SQS's "…for this wsdl version."). */
  readonly queryMessage?: string;
  /**
   * What the sandbox can say beyond AWS's message (where in a template the problem is), sent as the
   * `x-handson-hint` response header so the message itself stays AWS's own.
   */
  readonly hint?: string;

  constructor(
    code: string,
    message: string,
    opts: {
      status?: number;
      fault?: 'Sender' | 'Receiver';
      queryCode?: string;
      queryMessage?: string;
      hint?: string;
    } = {},
  ) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = opts.status ?? 400;
    this.fault = opts.fault ?? (this.status >= 500 ? 'Receiver' : 'Sender');
    if (opts.queryCode !== undefined) this.queryCode = opts.queryCode;
    if (opts.queryMessage !== undefined) this.queryMessage = opts.queryMessage;
    if (opts.hint !== undefined) this.hint = opts.hint;
  }
}

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'ap-northeast-1';

/**
 * Service state outside a request: the core uses it to find who owns an access key before it can build a
 * RequestContext. `scope` is `global` or a region name.
 */
export interface StateAccess {
  get<T>(accountId: string, service: string, scope: string, init: () => T): T;
  /** Account ids that have any state. */
  accounts(): string[];
}

/** What signature verification needs to know about an access key the sandbox issued. */
export interface IssuedCredential {
  principal: Principal;
  secretAccessKey: string;
  /** Session token for STS credentials; requests must present it. */
  sessionToken?: string;
  /** Inactive keys and expired sessions are refused with InvalidClientTokenId / ExpiredToken. */
  status: 'Active' | 'Inactive' | 'Expired';
}

/** Finds who owns an access key the sandbox issued; `undefined` when this resolver does not know the key. */
export type CredentialResolver = (state: StateAccess, accessKeyId: string) => IssuedCredential | undefined;

/**
 * A request the core answered, handed to request observers (the CloudTrail recorder) after the handler ran
 * or failed. Only requests that reached a handler's authorization are observed: malformed requests and
 * failed authentications are not, and neither are nested `ctx.call`s.
 */
export interface CompletedRequest {
  service: string;
  operation: string;
  input: Record<string, unknown>;
  principal: Principal;
  region: string;
  requestId: string;
  time: Date;
  /** The client's address as the socket saw it (a loopback address on the sandbox). */
  sourceIpAddress: string;
  userAgent: string;
  /** The operation does not change state (the service's `readOnly`, else Describe/List/Get...). */
  readOnly: boolean;
  output?: unknown;
  error?: { code: string; message: string };
}

/** Sees each completed request; it may write into service state, which the core persists with the rest. */
export type RequestObserver = (state: StateAccess, request: CompletedRequest) => void;

export type AuthorizationDecision = 'allow' | 'implicit-deny' | 'explicit-deny';

/**
 * Decides whether a non-root principal may perform `action` (`s3:ListAllMyBuckets`) on `resources`
 * (ARNs, or `['*']`). Called before the handler; `input` is the parsed request for condition keys.
 */
export type Authorizer = (
  ctx: RequestContext,
  action: string,
  resources: string[],
  // biome-ignore lint/suspicious/noExplicitAny: decoded inputs of any operation
  input: Record<string, any>,
) => AuthorizationDecision | Promise<AuthorizationDecision>;
