import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'ini';

export type Env = Record<string, string | undefined>;

/** Where the AWS CLI v2 and this package look for the profile name, in order of precedence. */
export const PROFILE_ENV_VARS = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE'] as const;
/** Where the AWS CLI v2 and this package look for the region, in order of precedence. */
export const REGION_ENV_VARS = ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const;
/** The blog's region, used on the sandbox and other endpoints when nothing else names one. */
export const DEFAULT_REGION = 'ap-northeast-1';

/**
 * The identity-related settings of an environment, resolved with AWS CLI v2 precedence: AWS_PROFILE wins
 * over AWS_DEFAULT_PROFILE (checked against /usr/bin/aws 2.9; CLI v1 had it the other way round). The SDK
 * v3 reads only AWS_PROFILE, so the profile is always passed to it explicitly.
 */
export interface SharedSettings {
  profile?: string;
  profileVar?: (typeof PROFILE_ENV_VARS)[number];
  /** As given (may start with `~/`), or the default `~/.aws/credentials`. */
  credentialsFile: string;
  configFile: string;
  /** With `~/` expanded against HOME. */
  credentialsPath: string;
  configPath: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export function homeDir(env: Env): string {
  return nonEmpty(env.HOME) ?? nonEmpty(env.USERPROFILE) ?? homedir();
}

export function expandHome(path: string, env: Env): string {
  return path.startsWith('~/') ? join(homeDir(env), path.slice(2)) : path;
}

export function sharedSettings(env: Env): SharedSettings {
  const credentialsFile = nonEmpty(env.AWS_SHARED_CREDENTIALS_FILE) ?? '~/.aws/credentials';
  const configFile = nonEmpty(env.AWS_CONFIG_FILE) ?? '~/.aws/config';
  const settings: SharedSettings = {
    credentialsFile,
    configFile,
    credentialsPath: expandHome(credentialsFile, env),
    configPath: expandHome(configFile, env),
  };
  for (const name of PROFILE_ENV_VARS) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) {
      settings.profile = value;
      settings.profileVar = name;
      break;
    }
  }
  return settings;
}

/** A section of an INI file by its exact name (the `ini` library nests section names on dots). */
function section(parsed: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  let node: unknown = parsed;
  const direct = parsed[name];
  if (direct && typeof direct === 'object') return direct as Record<string, unknown>;
  for (const part of name.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

/** The `region` of a profile in the config file (`[default]` or `[profile NAME]`), read synchronously. */
export function configFileRegion(configPath: string, profile: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parse(text) as Record<string, unknown>;
  const names = profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`];
  for (const name of names) {
    const region = section(parsed, name)?.region;
    if (typeof region === 'string' && region.trim() !== '') return region.trim();
  }
  return undefined;
}

export interface RegionSetting {
  region?: string;
  source: 'env' | 'config-file' | 'none';
  /** The variable or file it came from. */
  location?: string;
}

/** The region as the AWS CLI v2 finds it: AWS_REGION, AWS_DEFAULT_REGION, then the profile's config. */
export function regionSetting(env: Env, settings = sharedSettings(env)): RegionSetting {
  for (const name of REGION_ENV_VARS) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) return { region: value, source: 'env', location: name };
  }
  const region = configFileRegion(settings.configPath, settings.profile ?? 'default');
  if (region !== undefined) return { region, source: 'config-file', location: settings.configFile };
  return { source: 'none' };
}
