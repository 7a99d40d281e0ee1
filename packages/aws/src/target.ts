import { HandsonAwsError } from './errors.js';
import { DEFAULT_REGION, type Env, regionSetting } from './settings.js';

export const TARGET_KINDS = ['sandbox', 'endpoint', 'aws'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** The services the labs use, by the name the SDK's `AWS_ENDPOINT_URL_<SERVICE>` variables use. */
export const SERVICES = [
  'ec2',
  'iam',
  'sqs',
  'cloudformation',
  's3',
  'sts',
  'dynamodb',
  'cloudwatch',
  'devops-guru',
  'cloudtrail',
] as const;
export type ServiceName = (typeof SERVICES)[number];

export const DEFAULT_SANDBOX_URL = 'http://127.0.0.1:4580';

export interface Target {
  kind: TargetKind;
  /** The sandbox URL, or AWS_ENDPOINT_URL; undefined on real AWS (and when only per-service URLs are set). */
  endpoint?: string;
  region: string;
  /** Where the region came from: a variable name, a config file path, or `default`. */
  regionSource: string;
  /** The URL a service's client talks to; undefined means the SDK's own AWS endpoint (target `aws` only). */
  endpointFor(service: ServiceName): string | undefined;
  /** One line for people, e.g. `local sandbox http://127.0.0.1:4580 (ap-northeast-1)`. */
  describe(): string;
}

function checkUrl(value: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new HandsonAwsError(
      'InvalidEndpoint',
      `${variable}=${value} is not a URL: set it to something like http://127.0.0.1:4580, or unset it.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HandsonAwsError(
      'InvalidEndpoint',
      `${variable}=${value} must be an http:// or https:// URL, e.g. http://127.0.0.1:4580.`,
    );
  }
  return value.replace(/\/+$/, '');
}

/** The SDK's per-service variable: `devops-guru` → `AWS_ENDPOINT_URL_DEVOPS_GURU` (the service id in upper snake case). */
export function serviceEndpointVar(service: ServiceName): string {
  return `AWS_ENDPOINT_URL_${service.toUpperCase().replace(/-/g, '_')}`;
}

function serviceEndpointVars(env: Env): string[] {
  return SERVICES.map(serviceEndpointVar).filter((name) => env[name]);
}

/** Which kind of target the settings ask for, refusing contradictory ones (a real account with an endpoint set). */
function targetKind(env: Env, general: string | undefined, perService: string[]): TargetKind {
  const requested = env.HANDSON_TARGET?.trim();
  let kind: TargetKind;
  if (requested === undefined || requested === '') {
    kind = general || perService.length > 0 ? 'endpoint' : 'sandbox';
  } else if ((TARGET_KINDS as readonly string[]).includes(requested)) {
    kind = requested as TargetKind;
  } else {
    throw new HandsonAwsError(
      'InvalidTarget',
      `HANDSON_TARGET=${requested} is not a target: use one of ${TARGET_KINDS.join(', ')} ` +
        '(or leave it unset for the local sandbox).',
    );
  }
  if (kind === 'endpoint' && !general && perService.length === 0) {
    throw new HandsonAwsError(
      'InvalidEndpoint',
      'HANDSON_TARGET=endpoint needs AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_<SERVICE>): set it to the endpoint URL.',
    );
  }
  if (kind === 'aws' && (general || perService.length > 0)) {
    // The SDK itself would honour these variables and quietly send "real AWS" requests elsewhere.
    const names = [...(general ? ['AWS_ENDPOINT_URL'] : []), ...perService].join(', ');
    throw new HandsonAwsError(
      'InvalidTarget',
      `HANDSON_TARGET=aws but ${names} is set: unset it to reach real AWS, or use HANDSON_TARGET=endpoint.`,
    );
  }
  return kind;
}

/** The region and where it came from; on real AWS it must be set, elsewhere the blog's is the default. */
function targetRegion(env: Env, kind: TargetKind): { region: string; regionSource: string } {
  const found = regionSetting(env);
  let region = found.region;
  let regionSource = found.location ?? 'default';
  if (region === undefined) {
    if (kind === 'aws') {
      // On a real account a silent default could create resources in a region nobody looks at.
      throw new HandsonAwsError(
        'MissingRegion',
        'No AWS region for HANDSON_TARGET=aws: set AWS_REGION or AWS_DEFAULT_REGION (the labs use ap-northeast-1), ' +
          'or region in your profile in the AWS config file.',
      );
    }
    region = DEFAULT_REGION;
    regionSource = 'default';
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new HandsonAwsError(
      'InvalidRegion',
      `${regionSource === 'default' ? 'The region' : regionSource} gives region "${region}", which is not a region name: ` +
        'use one like ap-northeast-1.',
    );
  }
  return { region, regionSource };
}

/**
 * Decides where requests go. The sandbox is the default; `AWS_ENDPOINT_URL` (or a per-service
 * `AWS_ENDPOINT_URL_<SERVICE>`) implies an endpoint; real AWS is reached only with `HANDSON_TARGET=aws`.
 */
export function resolveTarget(env: Env = process.env): Target {
  const general = env.AWS_ENDPOINT_URL ? checkUrl(env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL') : undefined;
  const perService = serviceEndpointVars(env);
  for (const name of perService) checkUrl(env[name]!, name);
  const kind = targetKind(env, general, perService);
  const { region, regionSource } = targetRegion(env, kind);

  const sandboxUrl =
    kind === 'sandbox'
      ? checkUrl(env.HANDSON_SANDBOX_URL || DEFAULT_SANDBOX_URL, 'HANDSON_SANDBOX_URL')
      : undefined;
  const endpoint = kind === 'sandbox' ? sandboxUrl : kind === 'endpoint' ? general : undefined;

  const endpointFor = (service: ServiceName): string | undefined => {
    if (kind === 'sandbox') return sandboxUrl;
    if (kind === 'aws') return undefined;
    const variable = serviceEndpointVar(service);
    const specific = env[variable];
    if (specific) return checkUrl(specific, variable);
    if (general) return general;
    // Without this, a service with no URL of its own would silently go to real AWS.
    throw new HandsonAwsError(
      'InvalidEndpoint',
      `No endpoint for ${service}: set ${serviceEndpointVar(service)} or AWS_ENDPOINT_URL ` +
        '(only HANDSON_TARGET=aws reaches real AWS).',
    );
  };
  const finalRegion = region;
  return {
    kind,
    ...(endpoint ? { endpoint } : {}),
    region: finalRegion,
    regionSource,
    endpointFor,
    describe() {
      if (kind === 'sandbox') return `local sandbox ${sandboxUrl} (${finalRegion})`;
      if (kind === 'endpoint') {
        const where = general ?? perService.map((name) => `${name}=${env[name]}`).join(', ');
        return `endpoint ${where} (${finalRegion})`;
      }
      return `real AWS (${finalRegion})`;
    },
  };
}
