import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HandsonAwsError, resolveTarget } from '../src/index.ts';

const home = mkdtempSync(join(tmpdir(), 'handson-target-'));
const base = { HOME: home };

function fails(env: Record<string, string>, code: string, text: RegExp) {
  let caught: unknown;
  try {
    resolveTarget({ ...base, ...env });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(HandsonAwsError);
  expect((caught as HandsonAwsError).code).toBe(code);
  expect((caught as Error).message).toMatch(text);
}

describe('resolveTarget', () => {
  it('defaults to the local sandbox on 127.0.0.1:4580 in ap-northeast-1', () => {
    const target = resolveTarget(base);
    expect(target.kind).toBe('sandbox');
    expect(target.endpoint).toBe('http://127.0.0.1:4580');
    expect(target.region).toBe('ap-northeast-1');
    expect(target.regionSource).toBe('default');
    expect(target.endpointFor('s3')).toBe('http://127.0.0.1:4580');
    expect(target.describe()).toBe('local sandbox http://127.0.0.1:4580 (ap-northeast-1)');
  });

  it('follows HANDSON_SANDBOX_URL (trailing slash dropped)', () => {
    const target = resolveTarget({ ...base, HANDSON_SANDBOX_URL: 'http://localhost:9999/' });
    expect(target.endpoint).toBe('http://localhost:9999');
    expect(target.endpointFor('iam')).toBe('http://localhost:9999');
  });

  it('AWS_ENDPOINT_URL implies the endpoint target; per-service URLs win for their service', () => {
    const target = resolveTarget({
      ...base,
      AWS_ENDPOINT_URL: 'http://10.0.0.5:4566',
      AWS_ENDPOINT_URL_S3: 'http://10.0.0.6:9000',
    });
    expect(target.kind).toBe('endpoint');
    expect(target.endpoint).toBe('http://10.0.0.5:4566');
    expect(target.endpointFor('s3')).toBe('http://10.0.0.6:9000');
    expect(target.endpointFor('ec2')).toBe('http://10.0.0.5:4566');
    expect(target.describe()).toBe('endpoint http://10.0.0.5:4566 (ap-northeast-1)');
  });

  it('a per-service URL alone implies the endpoint target but never sends other services to real AWS', () => {
    const target = resolveTarget({ ...base, AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9324' });
    expect(target.kind).toBe('endpoint');
    expect(target.endpointFor('sqs')).toBe('http://127.0.0.1:9324');
    expect(() => target.endpointFor('ec2')).toThrow(/No endpoint for ec2: set AWS_ENDPOINT_URL_EC2/);
  });

  it("names a hyphenated service's variable as the SDK does (AWS_ENDPOINT_URL_DEVOPS_GURU)", () => {
    const target = resolveTarget({ ...base, AWS_ENDPOINT_URL_DEVOPS_GURU: 'http://127.0.0.1:9999' });
    expect(target.kind).toBe('endpoint');
    expect(target.endpointFor('devops-guru')).toBe('http://127.0.0.1:9999');
    expect(() => target.endpointFor('dynamodb')).toThrow(/set AWS_ENDPOINT_URL_DYNAMODB or/);
  });

  it('HANDSON_TARGET=sandbox wins over AWS_ENDPOINT_URL', () => {
    const target = resolveTarget({
      ...base,
      HANDSON_TARGET: 'sandbox',
      AWS_ENDPOINT_URL: 'http://10.0.0.5:4566',
    });
    expect(target.kind).toBe('sandbox');
    expect(target.endpointFor('ec2')).toBe('http://127.0.0.1:4580');
  });

  it('reaches real AWS only with HANDSON_TARGET=aws, and needs a region there', () => {
    const target = resolveTarget({ ...base, HANDSON_TARGET: 'aws', AWS_DEFAULT_REGION: 'us-west-2' });
    expect(target.kind).toBe('aws');
    expect(target.endpoint).toBeUndefined();
    expect(target.endpointFor('ec2')).toBeUndefined();
    expect(target.region).toBe('us-west-2');
    expect(target.regionSource).toBe('AWS_DEFAULT_REGION');
    expect(target.describe()).toBe('real AWS (us-west-2)');
    fails({ HANDSON_TARGET: 'aws' }, 'MissingRegion', /No AWS region for HANDSON_TARGET=aws: set AWS_REGION/);
  });

  it('AWS_REGION wins over AWS_DEFAULT_REGION, which wins over the profile in the config file', () => {
    const config = join(home, 'config');
    writeFileSync(config, '[default]\nregion = eu-west-1\n[profile lab.user]\nregion = us-east-2\n');
    const files = { AWS_CONFIG_FILE: config };
    expect(resolveTarget({ ...base, ...files }).region).toBe('eu-west-1');
    expect(resolveTarget({ ...base, ...files }).regionSource).toBe(config);
    expect(resolveTarget({ ...base, ...files, AWS_DEFAULT_PROFILE: 'lab.user' }).region).toBe('us-east-2');
    expect(resolveTarget({ ...base, ...files, AWS_DEFAULT_REGION: 'sa-east-1' }).region).toBe('sa-east-1');
    expect(resolveTarget({ ...base, AWS_REGION: 'us-west-1', AWS_DEFAULT_REGION: 'sa-east-1' }).region).toBe(
      'us-west-1',
    );
  });

  it('rejects bad input with the valid values or what to do', () => {
    fails(
      { HANDSON_TARGET: 'prod' },
      'InvalidTarget',
      /HANDSON_TARGET=prod is not a target: use one of sandbox, endpoint, aws/,
    );
    fails(
      { HANDSON_TARGET: 'endpoint' },
      'InvalidEndpoint',
      /HANDSON_TARGET=endpoint needs AWS_ENDPOINT_URL/,
    );
    fails(
      { HANDSON_TARGET: 'aws', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://x:1' },
      'InvalidTarget',
      /unset it to reach real AWS/,
    );
    fails(
      { AWS_ENDPOINT_URL: 'localhost:4566' },
      'InvalidEndpoint',
      /must be an http:\/\/ or https:\/\/ URL/,
    );
    fails({ AWS_ENDPOINT_URL: 'not a url' }, 'InvalidEndpoint', /AWS_ENDPOINT_URL=not a url is not a URL/);
    fails(
      { AWS_REGION: 'tokyo' },
      'InvalidRegion',
      /AWS_REGION gives region "tokyo", which is not a region name/,
    );
  });
});
