import { statSync } from 'node:fs';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { type Caller, guardChange } from './change-guard.js';
import { credentialProvider, type IdentityOptions } from './credentials.js';
import { HandsonAwsError, networkErrorCode } from './errors.js';
import type { LabClient } from './lab-client.js';
import { notice } from './notice.js';
import { ensureSandbox } from './sandbox-process.js';
import { sharedSettings } from './settings.js';
import { resolveTarget, type ServiceName, type Target } from './target.js';
import { suppressNodeVersionSupportWarning } from './warnings.js';

suppressNodeVersionSupportWarning();

/*
 * Each SDK client package is loaded when its first client is built, not with this module: together they take
 * about a second to load (EC2's alone is 2 MB), and a script that makes one call needs one of them.
 */
const LOADERS = {
  ec2: () => (require('@aws-sdk/client-ec2') as typeof import('@aws-sdk/client-ec2')).EC2Client,
  iam: () => (require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam')).IAMClient,
  sqs: () => (require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs')).SQSClient,
  cloudformation: () =>
    (require('@aws-sdk/client-cloudformation') as typeof import('@aws-sdk/client-cloudformation'))
      .CloudFormationClient,
  s3: () => (require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3')).S3Client,
  sts: () => loadSts().STSClient,
  dynamodb: () =>
    (require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb')).DynamoDBClient,
  cloudwatch: () =>
    (require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch')).CloudWatchClient,
  'devops-guru': () =>
    (require('@aws-sdk/client-devops-guru') as typeof import('@aws-sdk/client-devops-guru')).DevOpsGuruClient,
  cloudtrail: () =>
    (require('@aws-sdk/client-cloudtrail') as typeof import('@aws-sdk/client-cloudtrail')).CloudTrailClient,
} as const;

/** The class names, so `client(ctor)` can tell a known client without loading every package. */
const CLASS_NAMES: Record<string, ServiceName> = {
  EC2Client: 'ec2',
  IAMClient: 'iam',
  SQSClient: 'sqs',
  CloudFormationClient: 'cloudformation',
  S3Client: 's3',
  STSClient: 'sts',
  DynamoDBClient: 'dynamodb',
  CloudWatchClient: 'cloudwatch',
  DevOpsGuruClient: 'devops-guru',
  CloudTrailClient: 'cloudtrail',
};

function loadSts(): typeof import('@aws-sdk/client-sts') {
  return require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');
}

/** Structural on purpose (see lab-client.ts): these declarations must not name the SDK's client classes. */
type ClientMap = { [K in ServiceName]: LabClient };

export interface ClientOptions extends IdentityOptions {
  /** A fixed identity instead of the credential chain (e.g. keys just created in a lab). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Overrides the region the environment gives. */
  region?: string;
  /**
   * The SDK's attempts per call (its default is 3, retrying throttling errors after a backoff). 1 shows every
   * refusal as it happens, e.g. a load that counts DynamoDB's throttles as CloudWatch counts them, per attempt.
   */
  maxAttempts?: number;
}

export interface AwsClients extends ClientMap {
  target: Target;
  region: string;
  credentials: AwsCredentialIdentityProvider;
}

// biome-ignore lint/suspicious/noExplicitAny: the SDK's client constructors differ only in their config types
type AnyClientConstructor = new (config: any) => any;

function serviceOf(ctor: AnyClientConstructor): ServiceName | undefined {
  const name = CLASS_NAMES[ctor.name];
  // Same name is not enough (another copy of the SDK): only the very class this package builds counts.
  return name && LOADERS[name]() === ctor ? name : undefined;
}

const announced = new Map<string, Promise<void>>();

type StsFactory = (region: string, identity: AwsCredentialIdentity) => LabClient;
const realSts: StsFactory = (region, identity) =>
  new (loadSts().STSClient)({ region, credentials: identity });

/**
 * Before the first request on real AWS: say which account and region this run will change, once per
 * identity and region. `makeSts` exists so a test can point the lookup at the sandbox.
 */
export function announceAccount(
  target: Target,
  credentials: AwsCredentialIdentityProvider,
  makeSts: StsFactory = realSts,
): Promise<void> {
  return (async () => {
    const identity = await credentials();
    const id = `${identity.accessKeyId}|${target.region}`;
    let once = announced.get(id);
    if (!once) {
      once = (async () => {
        const sts = makeSts(target.region, identity);
        try {
          const me = await sts.send(new (loadSts().GetCallerIdentityCommand)({}));
          notice(
            `Target: real AWS account ${me.Account} (${me.Arn}) in region ${target.region}. ` +
              'This run creates and changes resources there.',
          );
        } catch (error) {
          throw translateError(error, target, 'sts');
        } finally {
          sts.destroy();
        }
      })();
      once.catch(() => announced.delete(id));
      announced.set(id, once);
    }
    return once;
  })();
}

function translateError(error: unknown, target: Target, service: ServiceName | undefined): unknown {
  if (error instanceof HandsonAwsError) return error;
  const code = networkErrorCode(error);
  if (!code) return error;
  const url =
    (service && target.kind !== 'aws' ? target.endpointFor(service) : undefined) ?? target.describe();
  const todo =
    target.kind === 'sandbox'
      ? 'start the local sandbox with `npm run sandbox`, or check HANDSON_SANDBOX_URL'
      : target.kind === 'endpoint'
        ? 'check that the endpoint is running and AWS_ENDPOINT_URL is right, or unset it and start the local sandbox with `npm run sandbox`'
        : 'check your network connection';
  return new HandsonAwsError('EndpointUnreachable', `Cannot reach ${url} (${code}): ${todo}.`, {
    cause: error,
  });
}

/** Which operation an SDK error came from (`CreateUser`), for messages printed far from the call. */
const operations = new WeakMap<object, string>();

export function operationOf(error: unknown): string | undefined {
  return error && typeof error === 'object' ? operations.get(error) : undefined;
}

/** STS GetCallerIdentity on the target, with a fixed identity: for the confirmation and the target line. */
export async function lookupCaller(
  target: Target,
  credentials: AwsCredentialIdentityProvider,
  region: string = target.region,
): Promise<Caller> {
  const identity = await credentials();
  const endpoint = target.kind === 'aws' ? undefined : target.endpointFor('sts');
  const sts = new (loadSts().STSClient)({ region, credentials: identity, ...(endpoint ? { endpoint } : {}) });
  try {
    const me = await sts.send(new (loadSts().GetCallerIdentityCommand)({}));
    return { account: me.Account ?? '', arn: me.Arn ?? '' };
  } catch (error) {
    throw translateError(error, target, 'sts');
  } finally {
    sts.destroy();
  }
}

function configure<T extends AnyClientConstructor>(
  ctor: T,
  target: Target,
  credentials: AwsCredentialIdentityProvider,
  region: string,
  service: ServiceName | undefined = serviceOf(ctor),
  maxAttempts?: number,
): InstanceType<T> {
  const endpoint = target.kind === 'aws' ? undefined : target.endpointFor(service ?? 'sts');
  const client = new ctor({
    region,
    credentials,
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(endpoint ? { endpoint } : {}),
    // Bucket names as the first path segment: the sandbox and most endpoints have no per-bucket hostnames.
    ...(service === 's3' && target.kind !== 'aws' ? { forcePathStyle: true } : {}),
  });
  const here = { ...target, region };
  client.middlewareStack.add(
    // biome-ignore lint/suspicious/noExplicitAny: middleware signature shared by every client
    (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: any) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      if (target.kind === 'sandbox') await ensureSandbox({ url: target.endpoint! });
      else if (target.kind === 'aws') await announceAccount(here, credentials);
      await guardChange(
        here,
        operation,
        () => lookupCaller(here, credentials),
        async () => (await credentials()).accessKeyId,
      );
      try {
        return await next(args);
      } catch (error) {
        const translated = translateError(error, target, service);
        if (translated && typeof translated === 'object' && operation) operations.set(translated, operation);
        throw translated;
      }
    },
    { step: 'initialize', name: 'handsonTarget', priority: 'high' },
  );
  return client as InstanceType<T>;
}

function toProvider(
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider,
): AwsCredentialIdentityProvider {
  return typeof credentials === 'function' ? credentials : async () => credentials;
}

/**
 * A fresh set of clients for the environment (or the options): the target, identity and region are fixed
 * when this is called; each client is built on first use.
 */
export function clientsFor(options: ClientOptions = {}): AwsClients {
  const env = options.env ?? process.env;
  const target = resolveTarget({
    ...env,
    ...(options.profile ? { AWS_PROFILE: options.profile } : {}),
    ...(options.configFile ? { AWS_CONFIG_FILE: options.configFile } : {}),
    ...(options.region ? { AWS_REGION: options.region } : {}),
  });
  const credentials = options.credentials
    ? toProvider(options.credentials)
    : credentialProvider(target, options);
  const region = target.region;
  const built = new Map<ServiceName, unknown>();
  const set = { target, region, credentials } as AwsClients;
  for (const name of Object.keys(LOADERS) as ServiceName[]) {
    Object.defineProperty(set, name, {
      enumerable: true,
      get() {
        if (!built.has(name))
          built.set(name, configure(LOADERS[name](), target, credentials, region, name, options.maxAttempts));
        return built.get(name);
      },
    });
  }
  return set;
}

/** The variables that decide target, identity, region and User-Agent app id: a change in any means new clients. */
const RELEVANT =
  /^(HANDSON_TARGET|HANDSON_SANDBOX_URL|AWS_SDK_UA_APP_ID|AWS_ENDPOINT_URL.*|AWS_PROFILE|AWS_DEFAULT_PROFILE|AWS_REGION|AWS_DEFAULT_REGION|AWS_SHARED_CREDENTIALS_FILE|AWS_CONFIG_FILE|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)$/;
const cache = new Map<string, AwsClients>();

function modified(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function envKey(env: NodeJS.ProcessEnv): string {
  const files = sharedSettings(env);
  return JSON.stringify([
    ...Object.keys(env)
      .filter((name) => RELEVANT.test(name))
      .sort()
      .map((name) => [name, env[name]]),
    // A credentials file rewritten in place (a rotated key) must give new clients too.
    modified(files.credentialsPath),
    modified(files.configPath),
  ]);
}

/**
 * The clients for the current process environment. Set AWS_SHARED_CREDENTIALS_FILE / AWS_DEFAULT_PROFILE
 * (or use `withEnv`) and the next `clients()` call answers with that identity; unset them and it is back.
 * Also new clients when the credentials or config file changed on disk since.
 */
export function clients(): AwsClients {
  const key = envKey(process.env);
  let set = cache.get(key);
  if (!set) {
    set = clientsFor();
    cache.set(key, set);
  }
  return set;
}

/** One client of any SDK v3 service, configured for the current target, identity and region. */
export function client<T extends AnyClientConstructor>(
  ctor: T,
  options: ClientOptions = {},
): InstanceType<T> {
  const service = serviceOf(ctor);
  const set = Object.keys(options).length === 0 ? clients() : clientsFor(options);
  if (service) return set[service] as unknown as InstanceType<T>;
  return configure(ctor, set.target, set.credentials, set.region);
}

/**
 * A set's client for a service, typed as the SDK's own class (for waiters and paginators, which want it):
 * `clientIn(set, EC2Client)` is `set.ec2`, the same instance.
 */
export function clientIn<T extends AnyClientConstructor>(set: AwsClients, ctor: T): InstanceType<T> {
  const service = serviceOf(ctor);
  if (!service)
    throw new TypeError(
      `${ctor.name} is not one of the clients a set holds (${Object.keys(LOADERS).join(', ')})`,
    );
  return set[service] as unknown as InstanceType<T>;
}

export const ec2 = (): LabClient => clients().ec2;
export const iam = (): LabClient => clients().iam;
export const sqs = (): LabClient => clients().sqs;
export const cloudformation = (): LabClient => clients().cloudformation;
export const s3 = (): LabClient => clients().s3;
export const sts = (): LabClient => clients().sts;

/**
 * Asks for the confirmation before anything changes (off the sandbox; at once on it): what a script does
 * first when it is about to change an account, so the question comes before any output of the step. The
 * requests that follow do not ask again.
 */
export async function confirmChanges(set: AwsClients = clients()): Promise<void> {
  const here = { ...set.target, region: set.region };
  await guardChange(
    here,
    'ChangeResources',
    () => lookupCaller(here, set.credentials),
    async () => (await set.credentials()).accessKeyId,
  );
}

/** Resolves when the target can take requests: on the sandbox, one is answering (started if need be). */
export async function ready(): Promise<Target> {
  const target = resolveTarget();
  if (target.kind === 'sandbox') await ensureSandbox();
  return target;
}
