import { describe, expect, it } from 'vitest';
import { evaluateTrust } from './trust';
import type { PolicyDocument } from './types';

const trust = (Principal: object | '*', extra: object = {}): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: Principal as '*', Action: 'sts:AssumeRole', ...extra }],
});
const root = { accountId: '123456789012', arns: ['arn:aws:iam::123456789012:root'] };
const alice = { accountId: '123456789012', arns: ['arn:aws:iam::123456789012:user/alice'] };
const other = { accountId: '210987654321', arns: ['arn:aws:iam::210987654321:user/eve'] };

describe('evaluateTrust', () => {
  it.each([
    ['account id', { AWS: '123456789012' }, root, 'allow'],
    ['account root ARN', { AWS: 'arn:aws:iam::123456789012:root' }, alice, 'allow'],
    ['account root ARN, other account', { AWS: 'arn:aws:iam::123456789012:root' }, other, 'implicit-deny'],
    ['the exact user', { AWS: 'arn:aws:iam::123456789012:user/alice' }, alice, 'allow'],
    ['another user', { AWS: 'arn:aws:iam::123456789012:user/bob' }, alice, 'implicit-deny'],
    [
      'a list of users',
      { AWS: ['arn:aws:iam::123456789012:user/bob', 'arn:aws:iam::123456789012:user/alice'] },
      alice,
      'allow',
    ],
    ['a service only', { Service: 'ec2.amazonaws.com' }, root, 'implicit-deny'],
    ['everyone', '*', other, 'allow'],
  ] as const)('%s', (_name, principal, caller, expected) => {
    expect(evaluateTrust(trust(principal), caller, 'sts:AssumeRole', {})).toBe(expected);
  });

  it('only the listed action, conditions apply, and Deny wins', () => {
    const t = trust({ AWS: '123456789012' });
    expect(evaluateTrust(t, alice, 'sts:TagSession', {})).toBe('implicit-deny');
    const cond = trust({ AWS: '123456789012' }, { Condition: { StringEquals: { 'sts:ExternalId': 'xyz' } } });
    expect(evaluateTrust(cond, alice, 'sts:AssumeRole', {})).toBe('implicit-deny');
    expect(evaluateTrust(cond, alice, 'sts:AssumeRole', { 'sts:ExternalId': 'xyz' })).toBe('allow');
    const denied: PolicyDocument = {
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::123456789012:user/alice' }, Action: 'sts:*' },
      ],
    };
    expect(evaluateTrust(denied, alice, 'sts:AssumeRole', {})).toBe('explicit-deny');
    expect(evaluateTrust(denied, root, 'sts:AssumeRole', {})).toBe('allow');
    const svc = trust({ Service: 'ec2.amazonaws.com' });
    expect(evaluateTrust(svc, { ...root, service: 'ec2.amazonaws.com' }, 'sts:AssumeRole', {})).toBe('allow');
  });
});
