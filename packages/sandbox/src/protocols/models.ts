/*
 * Where the wire shapes come from.
 *
 * The AWS SDK v3 clients (pinned to the same version the labs use) embed their service's Smithy model as
 * compact schema objects (`GetUser$`, `User$`, ... exported next to the commands), and @smithy/core's
 * NormalizedSchema reads them: member names, xmlName / ec2QueryName / xmlFlattened traits, list and map
 * members, timestamp and blob types, required members, error codes with their awsQuery compatibility codes.
 * That is everything the protocol layer needs, from packages the project already depends on. The
 * alternatives were worse: npm's aws-sdk v2 ships botocore-style JSON models but is a ~90 MB, end-of-life
 * package; Debian's awscli has botocore's models but users of the project do not have it.
 */

export type Protocol = 'awsQuery' | 'ec2Query' | 'awsJson1_0' | 'restXml' | 'restJson';

export interface ServiceInfo {
  /** SigV4 signing name and IAM action prefix. */
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
  load: () => Promise<Record<string, unknown>>;
}

export const SERVICES: Record<string, ServiceInfo> = {
  iam: {
    name: 'iam',
    protocols: ['awsQuery'],
    xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
    namespace: 'com.amazonaws.iam',
    global: true,
    load: () => import('@aws-sdk/client-iam'),
  },
  sts: {
    name: 'sts',
    protocols: ['awsQuery'],
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    namespace: 'com.amazonaws.sts',
    load: () => import('@aws-sdk/client-sts'),
  },
  cloudformation: {
    name: 'cloudformation',
    protocols: ['awsQuery'],
    xmlns: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
    namespace: 'com.amazonaws.cloudformation',
    load: () => import('@aws-sdk/client-cloudformation'),
  },
  sqs: {
    name: 'sqs',
    protocols: ['awsJson1_0', 'awsQuery'],
    xmlns: 'http://queue.amazonaws.com/doc/2012-11-05/',
    targetPrefix: 'AmazonSQS',
    namespace: 'com.amazonaws.sqs',
    queryCompatible: true,
    load: () => import('@aws-sdk/client-sqs'),
  },
  ec2: {
    name: 'ec2',
    protocols: ['ec2Query'],
    xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
    namespace: 'com.amazonaws.ec2',
    load: () => import('@aws-sdk/client-ec2'),
  },
  cloudtrail: {
    name: 'cloudtrail',
    // The model says awsJson1_1, which differs from 1.0 only in the Content-Type: the JSON layer accepts
    // both, and neither SDK v3 nor the AWS CLI checks the version of the answer's Content-Type.
    protocols: ['awsJson1_0'],
    xmlns: 'http://cloudtrail.amazonaws.com/doc/2013-11-01/',
    targetPrefix: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101',
    targetAliases: ['CloudTrail_20131101'],
    namespace: 'com.amazonaws.cloudtrail',
    load: () => import('@aws-sdk/client-cloudtrail'),
  },
  dynamodb: {
    name: 'dynamodb',
    protocols: ['awsJson1_0'],
    xmlns: 'http://dynamodb.amazonaws.com/doc/2012-08-10/',
    targetPrefix: 'DynamoDB_20120810',
    namespace: 'com.amazonaws.dynamodb',
    load: () => import('@aws-sdk/client-dynamodb'),
  },
  // CloudWatch signs as `monitoring`; its IAM actions are `cloudwatch:*` (the service's `actions` map).
  // SDK v3 speaks AWS JSON 1.0 with awsQuery-compatible errors, CLI 2.9 awsQuery.
  monitoring: {
    name: 'monitoring',
    protocols: ['awsJson1_0', 'awsQuery'],
    xmlns: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
    targetPrefix: 'GraniteServiceVersion20100801',
    namespace: 'com.amazonaws.cloudwatch',
    queryCompatible: true,
    load: () => import('@aws-sdk/client-cloudwatch'),
  },
  // The newest published SDK v3 DevOps Guru client (3.523.0) embeds no schemas: the model is botocore's,
  // trimmed to the operations served (devops-guru-model.ts beside this file) and read as schemas.
  'devops-guru': {
    name: 'devops-guru',
    protocols: ['restJson'],
    xmlns: '',
    namespace: 'com.amazonaws.devopsguru',
    load: async () => {
      const [{ schemasFromBotocore }, model] = await Promise.all([
        import('./botocore-schema.js'),
        import('./devops-guru-model.js'),
      ]);
      // Run from source the module's default is the model. Built to CommonJS, import() hands back
      // { default: module.exports }, and the model is one `default` further down.
      const loaded = model.default as { operations?: unknown; default?: unknown };
      return schemasFromBotocore(
        (loaded.operations ? loaded : loaded.default) as never,
        'com.amazonaws.devopsguru',
      );
    },
  },
  s3: {
    name: 's3',
    protocols: ['restXml'],
    xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
    namespace: 'com.amazonaws.s3',
    global: true,
    load: () => import('@aws-sdk/client-s3'),
  },
};

/** Raw Smithy schema tuples as the clients export them. */
type RawSchema = unknown[];

export interface ServiceModel {
  info: ServiceInfo;
  /** Operation name → operation schema `[9, ns, name, traits, input, output]`. */
  operations: Map<string, RawSchema>;
  /** Error code (shape name and awsQuery code) → error schema `[-3, ns, name, traits, ...]`. */
  errors: Map<string, RawSchema>;
}

const cache = new Map<string, Promise<ServiceModel>>();

export function serviceInfo(name: string): ServiceInfo | undefined {
  return Object.hasOwn(SERVICES, name) ? SERVICES[name] : undefined;
}

/** Loads (once) the schemas a client package exports. */
export function loadModel(name: string): Promise<ServiceModel> {
  const info = serviceInfo(name);
  if (!info) return Promise.reject(new Error(`no model for service ${name}`));
  let model = cache.get(name);
  if (!model) {
    model = info.load().then((mod) => buildModel(info, mod));
    cache.set(name, model);
  }
  return model;
}

function buildModel(info: ServiceInfo, mod: Record<string, unknown>): ServiceModel {
  // An ESM import of a CommonJS module puts its exports on `default` (and, detected statically, on the
  // namespace too); take both.
  const all = { ...((mod.default as Record<string, unknown> | undefined) ?? {}), ...mod };
  const operations = new Map<string, RawSchema>();
  const errors = new Map<string, RawSchema>();
  for (const [key, value] of Object.entries(all)) {
    if (!key.endsWith('$') || !Array.isArray(value)) continue;
    if (value[0] === 9) operations.set(String(value[2]), value);
    else if (value[0] === -3) {
      errors.set(String(value[2]), value);
      const traits = value[3] as { awsQueryError?: [string, number] } | undefined;
      const queryCode = traits && typeof traits === 'object' ? traits.awsQueryError?.[0] : undefined;
      if (queryCode && !errors.has(queryCode)) errors.set(queryCode, value);
    }
  }
  return { info, operations, errors };
}

export function operationInput(op: RawSchema): unknown {
  return deref(op[4]);
}

export function operationOutput(op: RawSchema): unknown {
  return deref(op[5]);
}

export function deref(schema: unknown): unknown {
  return typeof schema === 'function' ? (schema as () => unknown)() : schema;
}

/** The HTTP status and awsQuery code the model gives an error shape. */
export function errorTraits(schema: RawSchema | undefined): { status?: number; queryCode?: string } {
  const traits = schema?.[3] as { awsQueryError?: [string, number]; httpError?: number } | undefined;
  if (!traits || typeof traits !== 'object') return {};
  return { status: traits.awsQueryError?.[1] ?? traits.httpError, queryCode: traits.awsQueryError?.[0] };
}
