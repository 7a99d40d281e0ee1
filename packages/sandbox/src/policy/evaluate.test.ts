import { describe, expect, it } from 'vitest';
import { evaluateForResources, evaluatePolicies } from './evaluate';
import type { PolicyDocument, PolicyStatement } from './types';

const doc = (...Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*'): PolicyStatement => ({
  Effect: 'Allow',
  Action,
  Resource,
});
const deny = (Action: string | string[], Resource: string | string[] = '*'): PolicyStatement => ({
  Effect: 'Deny',
  Action,
  Resource,
});
const ask = (policies: PolicyDocument[], action: string, resource = '*', context = {}) =>
  evaluatePolicies(policies, { action, resource, context });

describe('actions', () => {
  const cases: Array<[string, string, string]> = [
    // pattern, action, expected
    ['s3:*', 's3:ListAllMyBuckets', 'allow'],
    ['s3:*', 'ec2:DescribeInstances', 'implicit-deny'],
    ['*', 'ec2:DescribeInstances', 'allow'],
    ['iam:*', 'iam:CreateUser', 'allow'],
    ['iam:*', 's3:ListAllMyBuckets', 'implicit-deny'],
    ['S3:listallmybuckets', 's3:ListAllMyBuckets', 'allow'],
    ['ec2:Describe*', 'ec2:DescribeInstances', 'allow'],
    ['ec2:Describe*', 'ec2:RunInstances', 'implicit-deny'],
    ['ec2:*Instances', 'ec2:RunInstances', 'allow'],
    ['iam:Get?ser', 'iam:GetUser', 'allow'],
    ['iam:Get?ser', 'iam:GetUsser', 'implicit-deny'],
    ['iam:GetUser', 'iam:GetUserPolicy', 'implicit-deny'],
    ['s3:List*', 's3-object-lambda:ListBucket', 'implicit-deny'],
  ];
  it.each(cases)('%s vs %s → %s', (pattern, action, expected) => {
    expect(ask([doc(allow(pattern))], action)).toBe(expected);
  });

  it('NotAction allows everything except the listed actions', () => {
    const p = [doc({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' })];
    expect(ask(p, 's3:ListAllMyBuckets')).toBe('allow');
    expect(ask(p, 'ec2:DescribeInstances')).toBe('allow');
    expect(ask(p, 'iam:CreateUser')).toBe('implicit-deny');
    expect(ask(p, 'IAM:createuser')).toBe('implicit-deny');
  });

  it('a Deny with NotAction denies everything else', () => {
    const p = [doc(allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' })];
    expect(ask(p, 's3:GetObject', 'arn:aws:s3:::b/k')).toBe('allow');
    expect(ask(p, 'ec2:DescribeInstances')).toBe('explicit-deny');
  });
});

describe('resources', () => {
  const cases: Array<[string, string, string]> = [
    ['*', 'arn:aws:s3:::bucket', 'allow'],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket', 'allow'],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::Bucket', 'implicit-deny'],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c.txt', 'allow'],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', 'implicit-deny'],
    ['arn:aws:s3:::bucket-?', 'arn:aws:s3:::bucket-1', 'allow'],
    ['arn:aws:s3:::bucket-?', 'arn:aws:s3:::bucket-12', 'implicit-deny'],
    ['arn:aws:iam::*:user/*', 'arn:aws:iam::123456789012:user/division/alice', 'allow'],
    ['arn:aws:iam::123456789012:user/a.b', 'arn:aws:iam::123456789012:user/aXb', 'implicit-deny'],
    ['arn:aws:s3:::*', '*', 'implicit-deny'],
  ];
  it.each(cases)('%s vs %s → %s', (pattern, resource, expected) => {
    expect(ask([doc(allow('s3:*', pattern), allow('iam:*', pattern))], 's3:GetObject', resource)).toBe(
      expected,
    );
  });

  it('NotResource covers everything but the listed resources', () => {
    const p = [doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret*' })];
    expect(ask(p, 's3:GetObject', 'arn:aws:s3:::public/k')).toBe('allow');
    expect(ask(p, 's3:GetObject', 'arn:aws:s3:::secret/k')).toBe('implicit-deny');
  });

  it('policy variables are substituted in resources', () => {
    const p = [doc(allow('iam:ChangePassword', `arn:aws:iam::*:user/${'$'}{aws:username}`))];
    const ctx = { 'aws:username': 'alice' };
    expect(ask(p, 'iam:ChangePassword', 'arn:aws:iam::123456789012:user/alice', ctx)).toBe('allow');
    expect(ask(p, 'iam:ChangePassword', 'arn:aws:iam::123456789012:user/bob', ctx)).toBe('implicit-deny');
    // No such key in the request (an assumed role has no aws:username): the statement does not apply.
    expect(ask(p, 'iam:ChangePassword', 'arn:aws:iam::123456789012:user/alice', {})).toBe('implicit-deny');
  });

  it('the literal-asterisk policy variable is not a wildcard', () => {
    const p = [doc(allow('s3:GetObject', `arn:aws:s3:::b/${'$'}{*}`))];
    expect(ask(p, 's3:GetObject', 'arn:aws:s3:::b/*')).toBe('allow');
    expect(ask(p, 's3:GetObject', 'arn:aws:s3:::b/anything')).toBe('implicit-deny');
  });
});

describe('combining policies', () => {
  it('denies by default with no policies at all', () => {
    expect(ask([], 's3:ListAllMyBuckets')).toBe('implicit-deny');
  });

  it('an explicit Deny anywhere wins over Allows in other policies, whatever the order', () => {
    const a = doc(allow('*'));
    const d = doc(deny('s3:DeleteBucket'));
    expect(ask([a, d], 's3:DeleteBucket', 'arn:aws:s3:::b')).toBe('explicit-deny');
    expect(ask([d, a], 's3:DeleteBucket', 'arn:aws:s3:::b')).toBe('explicit-deny');
    expect(ask([d, a], 's3:CreateBucket', 'arn:aws:s3:::b')).toBe('allow');
  });

  it('a single Statement object (not an array) works', () => {
    expect(ask([{ Version: '2012-10-17', Statement: allow('sqs:*') }], 'sqs:SendMessage')).toBe('allow');
  });

  it('every resource must be allowed, and an explicit deny on one wins', () => {
    const p = [doc(allow('s3:*', 'arn:aws:s3:::a*'), deny('s3:*', 'arn:aws:s3:::ab'))];
    expect(evaluateForResources(p, 's3:GetObject', ['arn:aws:s3:::a1', 'arn:aws:s3:::a2'], {})).toBe('allow');
    expect(evaluateForResources(p, 's3:GetObject', ['arn:aws:s3:::a1', 'arn:aws:s3:::b'], {})).toBe(
      'implicit-deny',
    );
    expect(evaluateForResources(p, 's3:GetObject', ['arn:aws:s3:::b', 'arn:aws:s3:::ab'], {})).toBe(
      'explicit-deny',
    );
    expect(evaluateForResources([doc(allow('s3:*'))], 's3:ListAllMyBuckets', [], {})).toBe('allow');
  });
});

describe('the Lab 01 matrix', () => {
  const iamFullAccess = doc(allow(['iam:*', 'organizations:DescribeAccount', 'organizations:ListRoots']));
  const s3FullAccess = doc(allow(['s3:*', 's3-object-lambda:*']));
  const matrix: Array<[string, PolicyDocument[], string, string]> = [
    ['IAMFullAccess role', [iamFullAccess], 's3:ListAllMyBuckets', 'implicit-deny'],
    ['IAMFullAccess role', [iamFullAccess], 'ec2:DescribeInstances', 'implicit-deny'],
    ['IAMFullAccess role', [iamFullAccess], 'iam:CreateUser', 'allow'],
    ['S3FullAccess group member', [s3FullAccess], 's3:ListAllMyBuckets', 'allow'],
    ['S3FullAccess group member', [s3FullAccess], 'ec2:DescribeInstances', 'implicit-deny'],
    ['S3FullAccess group member', [s3FullAccess], 'iam:CreateUser', 'implicit-deny'],
  ];
  it.each(matrix)('%s: %s → %s', (_who, policies, action, expected) => {
    expect(ask(policies, action)).toBe(expected);
  });
});
