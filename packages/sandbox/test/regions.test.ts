import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sandboxCli, SANDBOX_TEST_CREDENTIALS as testCredentials } from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKnownRegion } from '../src/core/regions.js';
import { type RunningSandbox, startSandbox } from '../src/index.js';

// A region name AWS does not have is refused as SigV4 refuses it, per protocol, and makes no state.

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});
afterAll(() => sb?.close());

describe('region names', () => {
  it('knows the aws partition regions from the SDK, and nothing else', () => {
    for (const r of ['ap-northeast-1', 'us-east-1', 'eu-central-2', 'ap-southeast-7', 'mx-central-1'])
      expect(isKnownRegion(r)).toBe(true);
    for (const r of [
      'xx-fake-1',
      'ap-northeast-9',
      'aws-global',
      'cn-north-1',
      'us-gov-west-1',
      '',
      'us-east-1 ',
    ])
      expect(isKnownRegion(r)).toBe(false);
  });

  it('the AWS CLI signing for an unknown region: SignatureDoesNotMatch (IAM), AuthFailure (EC2)', async () => {
    const iam = await sandboxCli(sb.url, ['iam', 'list-users', '--region', 'xx-fake-1'], {
      env: { AWS_MAX_ATTEMPTS: '1' },
    });
    expect(iam.code).not.toBe(0);
    // With one attempt the CLI adds "(reached max retries: 0)" after the operation name.
    expect(iam.stderr).toMatch(
      /\(SignatureDoesNotMatch\) when calling the ListUsers operation.*: Credential should be scoped to a valid region, not 'xx-fake-1'\./,
    );
    const ec2 = await sandboxCli(sb.url, ['ec2', 'describe-vpcs', '--region', 'xx-fake-1'], {
      env: {
        AWS_MAX_ATTEMPTS: '1',
      },
    });
    expect(ec2.stderr).toContain('(AuthFailure) when calling the DescribeVpcs operation');
  });

  it('SDK v3: SQS over JSON and S3 answer in their shapes; the sandbox serves on', async () => {
    const sqs = new SQSClient({ endpoint: sb.url, region: 'moon-west-1', credentials: testCredentials });
    const err = await sqs
      .send(new ListQueuesCommand({}))
      .catch((e: Error & { $metadata: { httpStatusCode: number } }) => e);
    expect(err).toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    const s3 = new S3Client({
      endpoint: sb.url,
      region: 'moon-west-1',
      credentials: testCredentials,
      forcePathStyle: true,
    });
    const s3err = await s3.send(new ListBucketsCommand({})).catch((e: Error) => e);
    expect((s3err as Error).name).toBe('AuthorizationHeaderMalformed');
    const ok = new SQSClient({ endpoint: sb.url, region: 'ap-northeast-1', credentials: testCredentials });
    await ok.send(new ListQueuesCommand({}));
    const health = (await fetch(`${sb.url}/_sandbox/health`).then((r) => r.json())) as { status: string };
    expect(health.status).toBe('ok');
    sqs.destroy();
    s3.destroy();
    ok.destroy();
  });
});
