import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clientIn,
  clients,
  clientsFor,
  HandsonAwsError,
  SANDBOX_FALLBACK_CREDENTIALS,
  setNoticeSink,
  withEnv,
} from '../src/index.ts';

const root = mkdtempSync(join(tmpdir(), 'handson-credentials-'));
const home = join(root, 'home');
mkdirSync(join(home, '.aws'), { recursive: true });
const emptyHome = join(root, 'empty');
mkdirSync(emptyHome);
writeFileSync(
  join(home, '.aws', 'credentials'),
  '[default]\naws_access_key_id = AKIACLOUD9ROLEXAMPLE\naws_secret_access_key = original\n',
);
const userIni = join(root, 'handson-cli-novice-user.ini');
writeFileSync(
  userIni,
  '[handson-cli-novice-user]\naws_access_key_id=AKIANOVICEUSEEXAMPLE\naws_secret_access_key=novice\n',
);
const twoUsers = join(root, 'two.ini');
writeFileSync(
  twoUsers,
  '[alice]\naws_access_key_id = AKIAALICE0001EXAMPLE\naws_secret_access_key = a\n' +
    '[bob]\naws_access_key_id = AKIABOB000002EXAMPLE\naws_secret_access_key = b\n',
);

/** A clean identity environment: nothing from the machine running the tests leaks in. */
const clean = {
  HOME: home,
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_DEFAULT_PROFILE: undefined,
  AWS_SHARED_CREDENTIALS_FILE: undefined,
  AWS_CONFIG_FILE: join(root, 'no-config'),
  AWS_EC2_METADATA_DISABLED: 'true',
  HANDSON_TARGET: undefined,
  AWS_ENDPOINT_URL: undefined,
};

const keyId = async (set = clients()) => (await set.credentials()).accessKeyId;
const s3KeyId = async () => (await clientIn(clients(), S3Client).config.credentials()).accessKeyId;

afterEach(() => undefined);

describe('identity through the SDK’s own providers', () => {
  it('switches identity like the blog (AWS_SHARED_CREDENTIALS_FILE + AWS_DEFAULT_PROFILE) and back', async () => {
    await withEnv(clean, async () => {
      expect(await s3KeyId()).toBe('AKIACLOUD9ROLEXAMPLE');
      await withEnv(
        { AWS_SHARED_CREDENTIALS_FILE: userIni, AWS_DEFAULT_PROFILE: 'handson-cli-novice-user' },
        async () => {
          expect(await s3KeyId()).toBe('AKIANOVICEUSEEXAMPLE');
          expect(await keyId()).toBe('AKIANOVICEUSEEXAMPLE');
        },
      );
      // `export -n AWS_DEFAULT_PROFILE`: back to the original identity.
      expect(await s3KeyId()).toBe('AKIACLOUD9ROLEXAMPLE');
    });
  });

  it('gives AWS_PROFILE precedence over AWS_DEFAULT_PROFILE, as AWS CLI v2 does', async () => {
    await withEnv(
      { ...clean, AWS_SHARED_CREDENTIALS_FILE: twoUsers, AWS_PROFILE: 'alice', AWS_DEFAULT_PROFILE: 'bob' },
      async () => {
        expect(await keyId()).toBe('AKIAALICE0001EXAMPLE');
      },
    );
    await withEnv(
      { ...clean, AWS_SHARED_CREDENTIALS_FILE: twoUsers, AWS_DEFAULT_PROFILE: 'bob' },
      async () => {
        expect(await keyId()).toBe('AKIABOB000002EXAMPLE');
      },
    );
  });

  it('clientsFor({ profile, credentialsFile }) switches per call without touching the environment', async () => {
    await withEnv(clean, async () => {
      expect(await keyId(clientsFor({ profile: 'bob', credentialsFile: twoUsers }))).toBe(
        'AKIABOB000002EXAMPLE',
      );
      expect(await keyId(clientsFor({ profile: 'alice', credentialsFile: twoUsers }))).toBe(
        'AKIAALICE0001EXAMPLE',
      );
      expect(await keyId()).toBe('AKIACLOUD9ROLEXAMPLE');
    });
  });

  it('sees a credentials file rewritten in place (the SDK would serve its cached copy)', async () => {
    const rotating = join(root, 'rotating.ini');
    writeFileSync(rotating, '[lab]\naws_access_key_id = AKIAFIRSTKEY1EXAMPLE\naws_secret_access_key = 1\n');
    await withEnv({ ...clean, AWS_SHARED_CREDENTIALS_FILE: rotating, AWS_PROFILE: 'lab' }, async () => {
      expect(await keyId()).toBe('AKIAFIRSTKEY1EXAMPLE');
      expect(await keyId(clientsFor())).toBe('AKIAFIRSTKEY1EXAMPLE');
      writeFileSync(rotating, '[lab]\naws_access_key_id = AKIASECONDKEYEXAMPLE\naws_secret_access_key = 2\n');
      // Make sure the change is visible to the mtime check even on coarse file-system clocks.
      const later = new Date(Date.now() + 5_000);
      utimesSync(rotating, later, later);
      expect(await keyId(clientsFor())).toBe('AKIASECONDKEYEXAMPLE');
      expect(await keyId()).toBe('AKIASECONDKEYEXAMPLE');
    });
  });

  it('falls back to test/test on the sandbox when there are no credentials anywhere, and says so once', async () => {
    const lines: string[] = [];
    const restore = setNoticeSink((line) => lines.push(line));
    try {
      await withEnv({ ...clean, HOME: emptyHome }, async () => {
        const set = clientsFor();
        expect(await set.credentials()).toEqual(SANDBOX_FALLBACK_CREDENTIALS);
        expect(await clientsFor().credentials()).toEqual(SANDBOX_FALLBACK_CREDENTIALS);
      });
    } finally {
      restore();
    }
    expect(lines).toEqual(['No AWS credentials found: using test/test, the local sandbox’s administrator.']);
  });

  it('on other targets, missing credentials are one clear error naming what to set', async () => {
    await withEnv({ ...clean, HOME: emptyHome, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }, async () => {
      const error = await clientsFor()
        .credentials()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HandsonAwsError);
      expect((error as HandsonAwsError).code).toBe('MissingCredentials');
      expect((error as Error).message).toMatch(
        /^No usable AWS credentials for endpoint http:\/\/127\.0\.0\.1:9 \(ap-northeast-1\): .*Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE/,
      );
      // The same error reaches a caller of send(), not an SDK stack from inside the signer.
      const sent = await clientsFor()
        .iam.send(new ListUsersCommand({}))
        .catch((e: unknown) => e);
      expect((sent as HandsonAwsError).code).toBe('MissingCredentials');
    });
  });

  it('a named profile that exists nowhere is an error, also on the sandbox', async () => {
    await withEnv({ ...clean, AWS_DEFAULT_PROFILE: 'handson-typo' }, async () => {
      const error = await clientsFor()
        .credentials()
        .catch((e: unknown) => e);
      expect((error as HandsonAwsError).code).toBe('ProfileNotFound');
      expect((error as Error).message).toBe(
        'The profile "handson-typo" (from AWS_DEFAULT_PROFILE) is in neither ~/.aws/credentials nor ' +
          `${join(root, 'no-config')}: check the profile name and AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE.`,
      );
    });
  });
});
