import { describe, expect, it } from 'vitest';
import { maskConfigureListKey, maskSecret } from '../src/index';

describe('maskSecret', () => {
  it('keeps the first three characters, as the blog did', () => {
    expect(maskSecret('Gwhdvj1abcdefgh')).toBe('GwhXXXXXXXXXXXX');
    expect(maskSecret('ab')).toBe('XX');
  });

  it('replaces a private key whole', () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
    expect(maskSecret(key)).toBe('-----BEGIN PRIVATE KEY-----(masked)-----END PRIVATE KEY-----');
  });
});

describe('maskConfigureListKey', () => {
  it('shows the last four characters behind sixteen stars, as aws configure list does', () => {
    expect(maskConfigureListKey('AKIAIOSFODNN7EXAMPLE')).toBe('****************MPLE');
  });
});
