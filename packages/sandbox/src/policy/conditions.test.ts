import { describe, expect, it } from 'vitest';
import { conditionsHold, isKnownOperator } from './conditions';
import type { ConditionBlock, ConditionContext } from './types';

/** The policy variable `${aws:username}`, spelled so that it is not mistaken for a template. */
const USERNAME = '$' + '{aws:username}';

const holds = (block: ConditionBlock, context: ConditionContext) => conditionsHold(block, context);

describe('string operators', () => {
  const ctx = { 'aws:RequestedRegion': 'ap-northeast-1', 'aws:PrincipalTag/team': 'Blue' };
  it.each([
    [{ StringEquals: { 'aws:RequestedRegion': 'ap-northeast-1' } }, true],
    [{ StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'ap-northeast-1'] } }, true],
    [{ StringEquals: { 'aws:RequestedRegion': 'AP-NORTHEAST-1' } }, false],
    [{ StringEqualsIgnoreCase: { 'aws:RequestedRegion': 'AP-NORTHEAST-1' } }, true],
    [{ StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } }, true],
    [{ StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'ap-northeast-1'] } }, false],
    [{ StringLike: { 'aws:RequestedRegion': 'ap-*' } }, true],
    [{ StringLike: { 'aws:RequestedRegion': 'ap-northeast-?' } }, true],
    [{ StringLike: { 'aws:RequestedRegion': 'us-*' } }, false],
    [{ StringNotLike: { 'aws:RequestedRegion': 'us-*' } }, true],
    [{ StringEquals: { 'aws:PrincipalTag/team': 'Blue' } }, true],
    [{ StringEquals: { 'AWS:principaltag/TEAM': 'Blue' } }, true],
    [{ StringEquals: { 'aws:PrincipalTag/team': 'blue' } }, false],
    [{ StringEquals: { 'aws:PrincipalTag/team': 'Blue', 'aws:RequestedRegion': 'us-east-1' } }, false],
    [
      { StringEquals: { 'aws:PrincipalTag/team': 'Blue' }, StringLike: { 'aws:RequestedRegion': 'ap-*' } },
      true,
    ],
  ] as Array<[ConditionBlock, boolean]>)('%j → %s', (block, expected) => {
    expect(holds(block, ctx)).toBe(expected);
  });

  it('a missing key fails positive operators and satisfies negated ones', () => {
    expect(holds({ StringEquals: { 'aws:PrincipalTag/team': 'Blue' } }, {})).toBe(false);
    expect(holds({ StringLike: { 'aws:PrincipalTag/team': '*' } }, {})).toBe(false);
    expect(holds({ StringNotEquals: { 'aws:PrincipalTag/team': 'Blue' } }, {})).toBe(true);
    expect(holds({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'Blue' } }, {})).toBe(true);
    expect(holds({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'Red' } }, ctx)).toBe(false);
  });

  it('policy variables in condition values', () => {
    const c = { 'aws:username': 'alice', 's3:prefix': 'home/alice/' };
    const home = `home/${USERNAME}/*`;
    expect(holds({ StringLike: { 's3:prefix': home } }, c)).toBe(true);
    expect(holds({ StringLike: { 's3:prefix': home } }, { ...c, 'aws:username': 'bob' })).toBe(false);
  });
});

describe('Bool', () => {
  it.each([
    [{ 'aws:SecureTransport': 'true' }, { Bool: { 'aws:SecureTransport': 'true' } }, true],
    [{ 'aws:SecureTransport': 'false' }, { Bool: { 'aws:SecureTransport': 'true' } }, false],
    [{ 'aws:SecureTransport': 'false' }, { Bool: { 'aws:SecureTransport': false } }, true],
    [{ 'aws:SecureTransport': 'false' }, { Bool: { 'aws:SecureTransport': 'FALSE' } }, true],
    [{}, { Bool: { 'aws:SecureTransport': 'false' } }, false],
    [{}, { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, true],
  ] as Array<[ConditionContext, ConditionBlock, boolean]>)('%j %j → %s', (ctx, block, expected) => {
    expect(holds(block, ctx)).toBe(expected);
  });
});

describe('IpAddress', () => {
  it.each([
    ['127.0.0.1', '127.0.0.0/8', true],
    ['127.0.0.1', '10.0.0.0/8', false],
    ['203.0.113.7', '203.0.113.7', true],
    ['203.0.113.7', '203.0.113.8/32', false],
    ['203.0.113.7', ['10.0.0.0/8', '203.0.113.0/24'], true],
    ['::1', '::1/128', true],
    ['::1', '127.0.0.0/8', false],
    ['not-an-ip', '0.0.0.0/0', false],
    ['10.1.2.3', 'garbage', false],
  ] as Array<[string, string | string[], boolean]>)('%s in %j → %s', (ip, range, expected) => {
    expect(holds({ IpAddress: { 'aws:SourceIp': range } }, { 'aws:SourceIp': ip })).toBe(expected);
  });

  it('NotIpAddress is the complement, and a missing source IP satisfies it', () => {
    expect(holds({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '127.0.0.1' })).toBe(
      true,
    );
    expect(holds({ NotIpAddress: { 'aws:SourceIp': '127.0.0.0/8' } }, { 'aws:SourceIp': '127.0.0.1' })).toBe(
      false,
    );
    expect(holds({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, {})).toBe(false);
  });
});

describe('numbers, dates, ARNs and Null', () => {
  it('Numeric and Date comparisons put the request value on the left', () => {
    const ctx = { 's3:max-keys': '10', 'aws:CurrentTime': '2026-01-15T00:00:00Z' };
    expect(holds({ NumericLessThanEquals: { 's3:max-keys': '10' } }, ctx)).toBe(true);
    expect(holds({ NumericLessThan: { 's3:max-keys': '10' } }, ctx)).toBe(false);
    expect(holds({ NumericGreaterThan: { 's3:max-keys': 5 } }, ctx)).toBe(true);
    expect(holds({ NumericEquals: { 's3:max-keys': 'ten' } }, ctx)).toBe(false);
    expect(holds({ DateLessThan: { 'aws:CurrentTime': '2026-12-31T00:00:00Z' } }, ctx)).toBe(true);
    expect(holds({ DateGreaterThan: { 'aws:CurrentTime': '2026-12-31T00:00:00Z' } }, ctx)).toBe(false);
  });

  it('ArnLike uses the glob', () => {
    const ctx = { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/lab-role' };
    expect(holds({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/lab-*' } }, ctx)).toBe(true);
    expect(holds({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/lab-*' } }, ctx)).toBe(false);
  });

  it('Null tests whether the key is present', () => {
    expect(holds({ Null: { 'aws:PrincipalTag/team': 'true' } }, {})).toBe(true);
    expect(holds({ Null: { 'aws:PrincipalTag/team': 'false' } }, {})).toBe(false);
    expect(holds({ Null: { 'aws:PrincipalTag/team': 'false' } }, { 'aws:PrincipalTag/team': 'x' })).toBe(
      true,
    );
  });
});

describe('multi-valued keys', () => {
  const ctx = { 'aws:TagKeys': ['env', 'team'] };
  it('ForAnyValue needs one match; ForAllValues needs every request value allowed', () => {
    expect(holds({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } }, ctx)).toBe(true);
    expect(holds({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['owner'] } }, ctx)).toBe(false);
    expect(holds({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team', 'x'] } }, ctx)).toBe(true);
    expect(holds({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, ctx)).toBe(false);
    expect(holds({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, {})).toBe(true);
    expect(holds({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, {})).toBe(false);
  });
});

describe('unknown operators', () => {
  it('never match, so an Allow guarded by one does not allow', () => {
    expect(isKnownOperator('StringEquals')).toBe(true);
    expect(isKnownOperator('ForAnyValue:StringLikeIfExists')).toBe(true);
    expect(isKnownOperator('StringSortOf')).toBe(false);
    expect(holds({ StringSortOf: { 'aws:RequestedRegion': 'ap-northeast-1' } }, {})).toBe(false);
    expect(
      holds(
        { StringSortOf: { 'aws:RequestedRegion': 'ap-northeast-1' } },
        { 'aws:RequestedRegion': 'ap-northeast-1' },
      ),
    ).toBe(false);
  });
});
