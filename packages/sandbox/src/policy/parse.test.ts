import { describe, expect, it } from 'vitest';
import { AwsError } from '../core/types';
import { parsePolicyDocument } from './parse';

function rejection(text: string, kind: 'identity' | 'trust' = 'identity'): string {
  try {
    parsePolicyDocument(text, kind);
  } catch (e) {
    expect(e).toBeInstanceOf(AwsError);
    expect((e as AwsError).code).toBe('MalformedPolicyDocument');
    return (e as AwsError).message;
  }
  throw new Error('the document was accepted');
}

const ok = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

describe('parsePolicyDocument', () => {
  it('accepts identity and trust documents', () => {
    const p = parsePolicyDocument(ok({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), 'identity');
    expect(p.Version).toBe('2012-10-17');
    const t = parsePolicyDocument(
      ok({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }),
      'trust',
    );
    expect(t.Statement).toHaveLength(1);
    expect(
      parsePolicyDocument(
        JSON.stringify({ Statement: { Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::x' } }),
        'identity',
      ).Statement,
    ).toMatchObject({ Effect: 'Deny' });
  });

  it.each([
    ['not json', '{"Version":', 'This policy contains invalid Json'],
    ['an array', '[]', 'This policy contains invalid Json'],
    ['no Statement', '{"Version":"2012-10-17"}', 'Syntax errors in policy.'],
    ['a bad Version', '{"Version":"2020-01-01","Statement":[]}', 'The policy failed legacy parsing'],
    ['a bad Effect', ok({ Effect: 'Maybe', Action: 's3:*', Resource: '*' }), 'Syntax errors in policy.'],
    [
      'an unknown key',
      ok({ Effect: 'Allow', Action: 's3:*', Resource: '*', Foo: 1 }),
      'Syntax errors in policy.',
    ],
    ['no action', ok({ Effect: 'Allow', Resource: '*' }), 'Policy statement must contain actions.'],
    ['no resource', ok({ Effect: 'Allow', Action: 's3:*' }), 'Policy statement must contain resources.'],
    [
      'an action without a vendor',
      ok({ Effect: 'Allow', Action: 'ListBuckets', Resource: '*' }),
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    ],
    [
      'a principal',
      ok({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }),
      'Policy document should not specify a principal.',
    ],
    [
      'a non-object Condition',
      ok({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: 'x' }),
      'Syntax errors in policy.',
    ],
  ])('rejects %s', (_what, text, message) => {
    expect(rejection(text)).toBe(message);
  });

  it('requires a valid principal in trust documents', () => {
    expect(rejection(ok({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust')).toMatch(/Principal/);
    expect(
      rejection(ok({ Effect: 'Allow', Principal: { Alien: 'x' }, Action: 'sts:AssumeRole' }), 'trust'),
    ).toBe('Invalid principal in policy: "Alien"');
    expect(
      rejection(ok({ Effect: 'Allow', Principal: { AWS: 'bob' }, Action: 'sts:AssumeRole' }), 'trust'),
    ).toBe('Invalid principal in policy: "AWS":"bob"');
  });
});
