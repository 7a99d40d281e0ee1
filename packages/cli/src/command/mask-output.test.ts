import { CreateKeyPairCommand } from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { maskSensitiveOutput } from './index';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const created = new Date('2021-06-07T10:00:00Z');

describe('maskSensitiveOutput: secrets in an answer, from the model’s sensitive trait', () => {
  it('masks IAM’s SecretAccessKey and keeps the rest, Dates included', () => {
    const output = {
      $metadata: { httpStatusCode: 200 },
      AccessKey: {
        UserName: 'handson-cli-novice-user',
        AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        Status: 'Active',
        SecretAccessKey: SECRET,
        CreateDate: created,
      },
    };
    const shown = maskSensitiveOutput(new CreateAccessKeyCommand({}), output);
    expect(shown.AccessKey.SecretAccessKey).toBe(`wJa${'X'.repeat(SECRET.length - 3)}`);
    expect(shown.AccessKey.AccessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(shown.AccessKey.CreateDate).toBe(created);
    expect(output.AccessKey.SecretAccessKey).toBe(SECRET);
  });

  it('masks EC2’s KeyMaterial as a whole private key', () => {
    const shown = maskSensitiveOutput(new CreateKeyPairCommand({ KeyName: 'k' }), {
      KeyName: 'k',
      KeyMaterial: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
    });
    expect(shown.KeyMaterial).toBe('-----BEGIN PRIVATE KEY-----(masked)-----END PRIVATE KEY-----');
    expect(shown.KeyName).toBe('k');
  });

  it('masks STS’s session token, which the model leaves unmarked, beside the marked secret key', () => {
    const shown = maskSensitiveOutput(new AssumeRoleCommand({ RoleArn: 'arn', RoleSessionName: 's' }), {
      Credentials: {
        AccessKeyId: 'ASIAEXAMPLE',
        SecretAccessKey: SECRET,
        SessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE',
      },
    });
    expect(shown.Credentials.SecretAccessKey.slice(3)).toMatch(/^X+$/);
    expect(shown.Credentials.SessionToken).toBe(`IQo${'X'.repeat(20)}`);
    expect(shown.Credentials.AccessKeyId).toBe('ASIAEXAMPLE');
  });

  it('leaves an answer with no secret member as it was, list members included', () => {
    const output = {
      AccessKeyMetadata: [{ UserName: 'u', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Active' }],
      IsTruncated: false,
    };
    expect(maskSensitiveOutput(new ListAccessKeysCommand({}), output)).toEqual(output);
  });
});
