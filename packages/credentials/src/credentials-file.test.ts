import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromIni } from '@aws-sdk/credential-providers';
import { afterAll, describe, expect, it } from 'vitest';
import {
  accessKeyFilePath,
  CredentialsError,
  credentialsFilePath,
  keyCount,
  maskSecrets,
  modeString,
  readCredentialsFile,
  runPipeline,
  writeCredentialsProfile,
} from './index';

const root = mkdtempSync(join(tmpdir(), 'credentials-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const keys = {
  aws_access_key_id: 'AKIAIOSFODNN7EXAMPLE',
  aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

describe('writeCredentialsProfile', () => {
  it('creates the directory 0700 and the file 0600, in the form the blog’s pipeline makes', () => {
    const dir = join(root, 'conf-handson-cli-iam');
    const file = credentialsFilePath(dir, 'handson-cli-novice-user');
    writeCredentialsProfile(file, 'handson-cli-novice-user', keys);
    expect(modeString(dir)).toBe('drwx------');
    expect(modeString(file)).toBe('-rw-------');
    expect(readFileSync(file, 'utf8')).toBe(
      '[handson-cli-novice-user]\naws_access_key_id=AKIAIOSFODNN7EXAMPLE\naws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
    );
  });

  it('is read back by the SDK’s own shared-credentials provider', async () => {
    const file = join(root, 'sdk.ini');
    writeCredentialsProfile(file, 'handson-cli-novice-user', keys);
    const creds = await fromIni({
      profile: 'handson-cli-novice-user',
      filepath: file,
      configFilepath: join(root, 'none'),
    })();
    expect(creds.accessKeyId).toBe(keys.aws_access_key_id);
    expect(creds.secretAccessKey).toBe(keys.aws_secret_access_key);
  });

  it('keeps other profiles and refuses to overwrite an existing one unless asked', () => {
    const file = join(root, 'two.ini');
    writeCredentialsProfile(file, 'sample-user1', keys);
    writeCredentialsProfile(file, 'sample-user2', { ...keys, aws_access_key_id: 'AKIAI44QH8DHBEXAMPLE' });
    expect(Object.keys(readCredentialsFile(file))).toEqual(['sample-user1', 'sample-user2']);
    expect(() => writeCredentialsProfile(file, 'sample-user1', keys)).toThrow(
      /already has a \[sample-user1\] profile/,
    );
    writeCredentialsProfile(
      file,
      'sample-user1',
      { ...keys, aws_access_key_id: 'AKIANEWKEY001EXAMPLE' },
      { overwrite: true },
    );
    expect(readCredentialsFile(file)['sample-user1']?.aws_access_key_id).toBe('AKIANEWKEY001EXAMPLE');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('rejects a profile name that would break the INI file', () => {
    expect(() => writeCredentialsProfile(join(root, 'bad.ini'), 'a]b', keys)).toThrow(CredentialsError);
  });

  it('takes the pipeline’s lines as they are', () => {
    const json = JSON.stringify(
      {
        AccessKey: {
          UserName: 'u',
          AccessKeyId: keys.aws_access_key_id,
          Status: 'Active',
          SecretAccessKey: keys.aws_secret_access_key,
          CreateDate: '2021-07-17T05:37:31Z',
        },
      },
      null,
      4,
    );
    const { lines } = runPipeline(json);
    const file = join(root, 'from-pipeline.ini');
    writeFileSync(file, `[u]\n${lines}`);
    expect(readCredentialsFile(file).u).toEqual(keys);
  });
});

describe('naming and counting as the blog does', () => {
  it('counts from 1 like the blog, or from 0 like the hands-on', () => {
    expect(keyCount(0)).toBe(1);
    expect(keyCount(1)).toBe(2);
    expect(keyCount(0, 0)).toBe(0);
    expect(() => keyCount(-1)).toThrow(RangeError);
  });
  it('builds the blog’s file names', () => {
    expect(
      accessKeyFilePath('/home/ec2-user/environment/conf-handson-cli-iam', 'handson-cli-novice-user', 1),
    ).toBe('/home/ec2-user/environment/conf-handson-cli-iam/handson-cli-novice-user-token-1.json');
  });
  it('masks every occurrence of a secret as the blog did', () => {
    expect(maskSecrets('key = Gwhdvj1abcdefgh\nagain Gwhdvj1abcdefgh', ['Gwhdvj1abcdefgh', ''])).toBe(
      'key = GwhXXXXXXXXXXXX\nagain GwhXXXXXXXXXXXX',
    );
  });
});
