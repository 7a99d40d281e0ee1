import { fromHttp, fromIni, fromInstanceMetadata, fromProcess } from '@aws-sdk/credential-providers';
import { maskConfigureListKey } from '@handson/cli';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { withEnv } from './env.js';
import { HandsonAwsError } from './errors.js';
import { type Env, sharedSettings } from './settings.js';

/**
 * `aws configure list`, reproduced: which profile, keys (masked) and region the CLI would use, and where
 * each came from. It follows the CLI's own lookup order (botocore's credential resolver), which differs
 * from the SDK's default chain: environment keys come first even when a profile is set.
 *
 * `cli: 2` (default) prints what AWS CLI v2 prints (CloudShell, /usr/bin/aws); `cli: 1` what AWS CLI v1
 * printed, as in the blog (Cloud9 in 2021): there AWS_DEFAULT_PROFILE wins over AWS_PROFILE and only
 * AWS_DEFAULT_REGION names the region.
 */
export interface ConfigureListOptions {
  env?: Env;
  cli?: 1 | 2;
  /** As `aws configure list --profile NAME`. */
  profile?: string;
}

const NOT_SET = '<not set>';

interface Row {
  value: string;
  type: string | null;
  location: string | null;
}

const unset: Row = { value: NOT_SET, type: null, location: null };

/** Python's `'%10s %24s %16s    %s\n' % (...)`, with None printed as Python prints it. */
function line(name: string, row: Row): string {
  const py = (v: string | null) => (v === null ? 'None' : v);
  return `${name.padStart(10)} ${row.value.padStart(24)} ${py(row.type).padStart(16)}    ${py(row.location)}\n`;
}

/** Python's repr of a list of strings, as the CLI prints the variables a setting may come from. */
function pyList(items: readonly string[]): string {
  return `[${items.map((item) => `'${item}'`).join(', ')}]`;
}

/** The error `aws configure list` ends with, plus what it had printed before (stdout) and its exit code. */
export class ConfigureListError extends HandsonAwsError {
  readonly exitCode = 255;
  constructor(
    code: 'ProfileNotFound' | 'PartialCredentials',
    message: string,
    readonly stdout: string,
  ) {
    super(code, message);
  }
}

interface Found {
  accessKeyId: string;
  secretAccessKey: string;
  type: string;
}

type Section = Record<string, string | undefined>;

export async function configureList(options: ConfigureListOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const cli = options.cli ?? 2;
  const settings = sharedSettings(env);
  const profileVars =
    cli === 1 ? ['AWS_DEFAULT_PROFILE', 'AWS_PROFILE'] : ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'];

  let out = line('Name', { value: 'Value', type: 'Type', location: 'Location' });
  out += line('----', { value: '-----', type: '----', location: '--------' });

  let profile: string | undefined;
  let profileRow = unset;
  if (options.profile !== undefined) {
    profile = options.profile;
    profileRow = { value: profile, type: 'manual', location: '--profile' };
  } else {
    const name = profileVars.find((variable) => env[variable] !== undefined);
    if (name) {
      profile = env[name]!;
      profileRow = { value: profile, type: 'env', location: pyList(profileVars) };
    }
  }
  out += line('profile', profileRow);

  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    filepath: settings.credentialsPath,
    configFilepath: settings.configPath,
    ignoreCache: true,
  });
  const profileName = profile ?? 'default';
  if (profile !== undefined && !(profile in configFile) && !(profile in credentialsFile)) {
    throw new ConfigureListError(
      'ProfileNotFound',
      `The config profile (${profile}) could not be found`,
      out,
    );
  }
  const fromConfig: Section = configFile[profileName] ?? {};
  const fromCredentials: Section = credentialsFile[profileName] ?? {};

  const found = await findCredentials({
    env,
    // `--profile` turns the environment keys off; a profile from the environment does not.
    useEnvKeys: options.profile === undefined,
    profile: profileName,
    fromConfig,
    fromCredentials,
    settings,
    out,
  });
  if (found) {
    out += line('access_key', {
      value: maskConfigureListKey(found.accessKeyId),
      type: found.type,
      location: '',
    });
    out += line('secret_key', {
      value: maskConfigureListKey(found.secretAccessKey),
      type: found.type,
      location: '',
    });
  } else {
    out += line('access_key', unset);
    out += line('secret_key', unset);
  }

  out += line('region', await regionRow(env, cli, fromConfig, settings.configFile));
  return out;
}

/** Where the region comes from, in the CLI's order: the environment, the profile's config, then (v2) IMDS. */
async function regionRow(env: Env, cli: 1 | 2, fromConfig: Section, configFile: string): Promise<Row> {
  const regionVars = cli === 1 ? ['AWS_DEFAULT_REGION'] : ['AWS_REGION', 'AWS_DEFAULT_REGION'];
  const regionVar = regionVars.find((variable) => env[variable] !== undefined);
  if (regionVar) {
    return { value: env[regionVar]!, type: 'env', location: cli === 1 ? regionVar : pyList(regionVars) };
  }
  if (fromConfig.region !== undefined) {
    return { value: fromConfig.region, type: 'config-file', location: configFile };
  }
  if (cli === 2) {
    // CLI v2 (not v1) also asks the instance metadata service which region it runs in.
    const region = await imdsRegion(env);
    if (region) return { value: region, type: 'imds', location: '' };
  }
  return unset;
}

/**
 * The region of the EC2 instance this runs on, as CLI v2's IMDS region provider finds it: the availability
 * zone from instance metadata (IMDSv2 token first, v1 if the token is refused), minus its letter. The SDK
 * for JavaScript has no region-from-IMDS provider, hence these two requests by hand.
 */
async function imdsRegion(env: Env): Promise<string | undefined> {
  if (env.AWS_EC2_METADATA_DISABLED && env.AWS_EC2_METADATA_DISABLED.toLowerCase() === 'true')
    return undefined;
  const base = (env.AWS_EC2_METADATA_SERVICE_ENDPOINT || 'http://169.254.169.254/').replace(/\/?$/, '/');
  const timeout = () => AbortSignal.timeout(1000);
  try {
    const headers: Record<string, string> = {};
    const token = await fetch(`${base}latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' },
      signal: timeout(),
    });
    if (token.ok) headers['x-aws-ec2-metadata-token'] = await token.text();
    const zone = await fetch(`${base}latest/meta-data/placement/availability-zone/`, {
      headers,
      signal: timeout(),
    });
    if (!zone.ok) return undefined;
    const name = (await zone.text()).trim();
    return name ? name.slice(0, -1) : undefined;
  } catch {
    return undefined;
  }
}

interface Lookup {
  env: Env;
  useEnvKeys: boolean;
  profile: string;
  fromConfig: Section;
  fromCredentials: Section;
  settings: ReturnType<typeof sharedSettings>;
  out: string;
}

function partial(where: string, missing: string, out: string): never {
  throw new ConfigureListError(
    'PartialCredentials',
    `Partial credentials found in ${where}, missing: ${missing}`,
    out,
  );
}

/** botocore's order: env, assume-role, (web identity, SSO), shared-credentials-file, process, config-file, container, IMDS. */
async function findCredentials(lookup: Lookup): Promise<Found | undefined> {
  const { env, fromConfig, fromCredentials, settings, profile, out } = lookup;
  const files = {
    profile,
    filepath: settings.credentialsPath,
    configFilepath: settings.configPath,
    ignoreCache: true,
  };

  if (lookup.useEnvKeys && env.AWS_ACCESS_KEY_ID) {
    if (!env.AWS_SECRET_ACCESS_KEY) partial('env', 'AWS_SECRET_ACCESS_KEY', out);
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY!, type: 'env' };
  }
  if (fromConfig.role_arn !== undefined) {
    const credentials = await fromIni(files)();
    return { ...credentials, type: 'assume-role' };
  }
  for (const [section, type] of [
    [fromCredentials, 'shared-credentials-file'],
    [null, 'custom-process'],
    [fromConfig, 'config-file'],
  ] as const) {
    if (section === null) {
      if (fromConfig.credential_process !== undefined) {
        const credentials = await fromProcess(files)();
        return { ...credentials, type };
      }
      continue;
    }
    if (section.aws_access_key_id !== undefined) {
      if (section.aws_secret_access_key === undefined) partial(type, 'aws_secret_access_key', out);
      return {
        accessKeyId: section.aws_access_key_id,
        secretAccessKey: section.aws_secret_access_key!,
        type,
      };
    }
  }
  // The remote providers read their settings from process.env; lend them the environment being listed.
  const remoteVar = /^AWS_(CONTAINER_|EC2_METADATA_)/;
  const names = new Set(
    [...Object.keys(process.env), ...Object.keys(env)].filter((name) => remoteVar.test(name)),
  );
  const remote = Object.fromEntries([...names].map((name) => [name, env[name]]));
  return withEnv(remote, async () => {
    if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) {
      try {
        return { ...(await fromHttp({})()), type: 'container-role' };
      } catch {
        return undefined;
      }
    }
    if (env.AWS_EC2_METADATA_DISABLED && env.AWS_EC2_METADATA_DISABLED !== 'false') return undefined;
    try {
      return { ...(await fromInstanceMetadata({ timeout: 1000, maxRetries: 0 })()), type: 'iam-role' };
    } catch {
      return undefined;
    }
  });
}
