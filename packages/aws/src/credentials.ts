import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/core/config';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { HandsonAwsError } from './errors.js';
import { notice } from './notice.js';
import { type Env, sharedSettings } from './settings.js';
import type { Target } from './target.js';

/** Any key the sandbox did not issue acts as the account's administrator; these are the customary ones. */
export const SANDBOX_FALLBACK_CREDENTIALS: AwsCredentialIdentity = Object.freeze({
  accessKeyId: 'test',
  secretAccessKey: 'test',
});

export interface IdentityOptions {
  /** Environment to read the profile and file locations from; process.env by default. */
  env?: Env;
  /** A profile name, as `--profile` would give it (wins over AWS_PROFILE / AWS_DEFAULT_PROFILE). */
  profile?: string;
  /** Like AWS_SHARED_CREDENTIALS_FILE. */
  credentialsFile?: string;
  /** Like AWS_CONFIG_FILE. */
  configFile?: string;
}

/** The SDK settings an identity resolves from: profile name and the two shared files. */
export function identitySettings(options: IdentityOptions = {}) {
  const env = options.env ?? process.env;
  const settings = sharedSettings({
    ...env,
    ...(options.credentialsFile ? { AWS_SHARED_CREDENTIALS_FILE: options.credentialsFile } : {}),
    ...(options.configFile ? { AWS_CONFIG_FILE: options.configFile } : {}),
  });
  const profile = options.profile ?? settings.profile;
  return { ...settings, profile };
}

/** Whether a profile is defined in either shared file, read by the SDK's own loader. */
export async function profileIsDefined(profile: string, credentialsPath: string, configPath: string) {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    filepath: credentialsPath,
    configFilepath: configPath,
    ignoreCache: true,
  });
  return profile in configFile || profile in credentialsFile;
}

function isProviderError(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return name === 'CredentialsProviderError' || name === 'ProviderError';
}

let fallbackAnnounced = false;

/**
 * The SDK's default Node credential chain (env, SSO, shared files, process, web identity, container, IMDS),
 * given the profile explicitly because the SDK does not read AWS_DEFAULT_PROFILE, and told to re-read the
 * shared files (`ignoreCache`) so a credentials file written a moment ago is seen. Only what happens when
 * the chain finds nothing is ours: the sandbox falls back to test/test; elsewhere a clear error.
 */
export function credentialProvider(
  target: Target,
  options: IdentityOptions = {},
): AwsCredentialIdentityProvider {
  const settings = identitySettings(options);
  const { profile } = settings;
  const chain = fromNodeProviderChain({
    ...(profile ? { profile } : {}),
    filepath: settings.credentialsPath,
    configFilepath: settings.configPath,
    ignoreCache: true,
    clientConfig: { region: target.region },
    // Off EC2 the instance metadata probe only costs time; keep it short where real AWS is not the target.
    ...(target.kind === 'sandbox' ? { timeout: 300, maxRetries: 0 } : {}),
  });
  let fellBack = false;
  return async (properties) => {
    if (fellBack) return SANDBOX_FALLBACK_CREDENTIALS;
    try {
      return await chain(properties);
    } catch (error) {
      if (!isProviderError(error)) throw error;
      if (profile && !(await profileIsDefined(profile, settings.credentialsPath, settings.configPath))) {
        const from = options.profile ? 'the profile option' : settings.profileVar;
        throw new HandsonAwsError(
          'ProfileNotFound',
          `The profile "${profile}" (from ${from}) is in neither ${settings.credentialsFile} nor ${settings.configFile}: ` +
            'check the profile name and AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE.',
          { cause: error },
        );
      }
      if (!profile && target.kind === 'sandbox') {
        fellBack = true;
        if (!fallbackAnnounced) {
          fallbackAnnounced = true;
          notice('No AWS credentials found: using test/test, the local sandbox’s administrator.');
        }
        return SANDBOX_FALLBACK_CREDENTIALS;
      }
      const detail = (error as Error).message;
      throw new HandsonAwsError(
        'MissingCredentials',
        `No usable AWS credentials for ${target.describe()}` +
          (profile ? ` with profile "${profile}"` : '') +
          `: ${detail.replace(/\.$/, '')}. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE ` +
          '(with AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE if the files are not in ~/.aws), or run `aws configure`.',
        { cause: error },
      );
    }
  };
}
