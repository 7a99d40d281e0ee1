import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanForSecrets } from '../src/secret-scan';

const rules = (text: string) => scanForSecrets(text).map((f) => f.rule);

describe('scanForSecrets', () => {
  it('finds what a run prints: key ids, secret keys, session tokens, passwords, private keys, account ids', () => {
    const pem = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'sec1', format: 'pem' },
    }).privateKey;
    const text = [
      '"AccessKeyId": "AKIAJGJ5IFDXCJ4RBSP5",',
      '"SecretAccessKey": "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",',
      'aws_session_token = FwoGZXIvYXdzEAbcd1234EFGHijkl5678MNOPqrst',
      '"Password": "kP9#vLm2Qz!x"',
      'arn:aws:iam::493817265104:user/handson',
      pem,
    ].join('\n');
    expect(new Set(rules(text))).toEqual(
      new Set([
        'access-key-id',
        'secret-access-key',
        'session-token',
        'password',
        'account-id',
        'private-key',
      ]),
    );
    const found = scanForSecrets(text);
    // A report names where and what kind, never the whole value.
    expect(JSON.stringify(found)).not.toContain('w9Zq3RkT0uVb7YcN2mXp4LdF8sHg1JaE6oKi5QrU');
    expect(found.find((f) => f.rule === 'account-id')?.line).toBe(5);
  });

  it("leaves AWS's documented examples, masks, the sandbox account and code that only names a secret", () => {
    const text = [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_access_key_id=AKIAXXXXXXXXXXXX',
      'arn:aws:iam::123456789012:user/handson',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable in prose, not a template
      'Password: loginPassword, password = ${PASSWORD}, "Password": "********"',
      "const header = '-----BEGIN OPENSSH PRIVATE KEY-----';",
      'commit 1234567890123 and a 12-digit number 493817265104 outside an ARN',
    ].join('\n');
    expect(scanForSecrets(text)).toEqual([]);
  });

  it('takes an allow list of reviewed values', () => {
    expect(scanForSecrets('AKIAJGJ5IFDXCJ4RBSP5', { allow: ['AKIAJGJ5IFDXCJ4RBSP5'] })).toEqual([]);
  });
});
