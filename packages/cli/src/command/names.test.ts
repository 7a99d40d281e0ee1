import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as cfn from '@aws-sdk/client-cloudformation';
import * as ec2 from '@aws-sdk/client-ec2';
import * as iam from '@aws-sdk/client-iam';
import * as s3 from '@aws-sdk/client-s3';
import * as sqs from '@aws-sdk/client-sqs';
import * as sts from '@aws-sdk/client-sts';
import { NormalizedSchema } from '@smithy/core/schema';
import { describe, expect, it } from 'vitest';
import { cliName, cliServiceName } from './names';

/** Every operation and input member name of the labs' six services, from the SDK's own schemas. */
function modelNames(): string[] {
  const names = new Set<string>();
  for (const mod of [cfn, ec2, iam, s3, sqs, sts] as Record<string, unknown>[]) {
    for (const [exported, value] of Object.entries(mod)) {
      if (!exported.endsWith('Command') || typeof value !== 'function') continue;
      const schema = new (value as new (i: object) => { schema?: unknown })({}).schema as
        | unknown[]
        | undefined;
      if (!schema) continue;
      names.add(String(schema[2]));
      for (const [member] of NormalizedSchema.of((schema[4] as () => never)()).structIterator())
        names.add(member);
    }
  }
  return [...names].sort();
}

const botocore = '/usr/lib/python3/dist-packages/awscli/botocore/__init__.py';

describe.skipIf(!existsSync(botocore))('cliName against botocore’s xform_name', () => {
  it('agrees on every operation and parameter name of IAM, EC2, SQS, S3, STS and CloudFormation', () => {
    const names = modelNames();
    expect(names.length).toBeGreaterThan(1500);
    const script =
      'import sys, json\nfrom awscli.botocore import xform_name\nprint(json.dumps([xform_name(n, "-") for n in json.load(sys.stdin)]))';
    const expected = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(names), encoding: 'utf8' }),
    ) as string[];
    const mismatches = names
      .map((n, i) => [n, cliName(n), expected[i]])
      .filter(([, ours, theirs]) => ours !== theirs);
    expect(mismatches).toEqual([]);
  });
});

describe('cliServiceName', () => {
  it("names a service's command group as the AWS CLI does, also where it is not the namespace", () => {
    expect(
      [
        'com.amazonaws.iam',
        'com.amazonaws.s3',
        'com.amazonaws.devopsguru',
        'com.amazonaws.costexplorer',
        'com.amazonaws.guardduty',
      ].map(cliServiceName),
    ).toEqual(['iam', 's3api', 'devops-guru', 'ce', 'guardduty']);
  });
});
