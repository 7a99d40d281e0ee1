import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';

/**
 * --page-size makes every list answer at most that many items a page, with the service's own continuation
 * token, so a lab that reads only the first page fails a test instead of a real account with many resources.
 */
let small: RunningSandbox;
let usual: RunningSandbox;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
beforeAll(async () => {
  [small, usual] = await Promise.all([
    startSandbox({ port: 0, seed: 'pages', pageSize: 5 }),
    startSandbox({ port: 0, seed: 'pages' }),
  ]);
});
afterAll(async () => {
  await Promise.all([small?.close(), usual?.close()]);
});

async function allPolicies(url: string) {
  const iam = new IAMClient({ endpoint: url, region: 'us-east-1', credentials });
  const pages: number[] = [];
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', Marker: marker }));
    pages.push(page.Policies?.length ?? 0);
    names.push(...(page.Policies ?? []).map((p) => p.PolicyName!));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  iam.destroy();
  return { pages, names };
}

describe('sandbox --page-size', () => {
  it('IAM answers at most 5 policies a page, IsTruncated and a Marker; following it sees every policy once', async () => {
    const paged = await allPolicies(small.url);
    const whole = await allPolicies(usual.url);
    expect(whole.pages).toHaveLength(1);
    expect(paged.pages.every((n) => n <= 5)).toBe(true);
    expect(paged.pages.length).toBe(Math.ceil(whole.names.length / 5));
    expect(paged.names).toEqual(whole.names);
  });

  it('EC2 pages a describe call even without MaxResults, and keeps a smaller MaxResults', async () => {
    const ec2 = new EC2Client({ endpoint: small.url, region: 'ap-northeast-1', credentials });
    const first = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
    expect(first.Images).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const next = await ec2.send(
      new DescribeImagesCommand({ Owners: ['amazon'], NextToken: first.NextToken, MaxResults: 5 }),
    );
    expect(next.Images?.[0]?.ImageId).not.toBe(first.Images?.[0]?.ImageId);
    ec2.destroy();
  });

  it('refuses a page size outside 1-1000', async () => {
    await expect(startSandbox({ port: 0, pageSize: 0 })).rejects.toThrow(/page size 0/);
  });
});
