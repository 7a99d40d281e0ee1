import { spawnSync } from 'node:child_process';
import {
  DescribeInternetGatewaysCommand,
  type DescribeInternetGatewaysCommandOutput,
} from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSdkOutput, formatTimestamp, printSdkOutput } from '../src/index';
import { PYTHON, referenceUnavailable } from './differential';

const output: DescribeInternetGatewaysCommandOutput = {
  $metadata: { httpStatusCode: 200, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 },
  InternetGateways: [
    {
      InternetGatewayId: 'igw-0628af6c9db7c71d6',
      Attachments: [{ State: 'attached', VpcId: 'vpc-0f5af64c8262401f0' }],
      OwnerId: '123456789012',
      Tags: undefined,
    },
  ],
};

describe('formatSdkOutput', () => {
  it('strips $metadata and absent members, as the CLI never shows them', () => {
    expect(formatSdkOutput(output, { operation: 'DescribeInternetGateways' })).toBe(
      '{\n    "InternetGateways": [\n        {\n            "InternetGatewayId": "igw-0628af6c9db7c71d6",\n' +
        '            "Attachments": [\n                {\n                    "State": "attached",\n' +
        '                    "VpcId": "vpc-0f5af64c8262401f0"\n                }\n            ],\n' +
        '            "OwnerId": "123456789012"\n        }\n    ]\n}\n',
    );
  });

  it('titles tables with the operation, taken from the SDK command too', () => {
    const options = {
      query: 'InternetGateways[].{InternetGatewayId:InternetGatewayId,VpcId:Attachments[0].VpcId}',
      output: 'table',
    } as const;
    const byName = formatSdkOutput(output, { ...options, operation: 'DescribeInternetGateways' });
    const byCommand = formatSdkOutput(output, {
      ...options,
      operation: new DescribeInternetGatewaysCommand({}),
    });
    const byClass = formatSdkOutput(output, { ...options, operation: DescribeInternetGatewaysCommand });
    expect(byName.split('\n')[1]).toBe('|             DescribeInternetGateways             |');
    expect(byCommand).toBe(byName);
    expect(byClass).toBe(byName);
  });

  it('prints Dates as the CLI prints timestamps of XML services', () => {
    const launched = {
      Reservations: [{ Instances: [{ LaunchTime: new Date('2021-07-02T13:08:20.000Z') }] }],
    };
    expect(
      formatSdkOutput(launched, {
        operation: 'DescribeInstances',
        query: 'Reservations[].Instances[].LaunchTime',
        output: 'text',
      }),
    ).toBe('2021-07-02T13:08:20+00:00\n');
  });

  it('writes through print for notebooks and scripts', () => {
    const written: string[] = [];
    printSdkOutput(output, {
      operation: 'DescribeInternetGateways',
      query: 'InternetGateways[].InternetGatewayId',
      output: 'text',
      write: (text) => written.push(text),
    });
    expect(written).toEqual(['igw-0628af6c9db7c71d6\n']);
  });

  it('refuses an operation it cannot name', () => {
    expect(() => formatSdkOutput(output, { operation: {} })).toThrow(/operation must be an operation name/);
  });
});

describe('timestamps in the local zone (services that send epoch seconds)', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    process.env.TZ = saved;
  });

  it.skipIf(referenceUnavailable() !== undefined)('match botocore parse_timestamp().isoformat()', () => {
    const epochs = [1625231300, 1625231300.123, 0.5];
    const code =
      'import sys\nfrom awscli.botocore.utils import parse_timestamp\n' +
      'for a in sys.argv[1:]: print(parse_timestamp(float(a)).isoformat())';
    for (const zone of ['Asia/Tokyo', 'America/St_Johns', 'UTC']) {
      const python = spawnSync(PYTHON, ['-c', code, ...epochs.map(String)], {
        encoding: 'utf8',
        env: { ...process.env, TZ: zone },
      });
      process.env.TZ = zone;
      const ours = epochs.map((epoch) => formatTimestamp(new Date(epoch * 1000), 'local'));
      expect(ours, zone).toEqual(python.stdout.trim().split('\n'));
    }
  });
});

describe('paginated operations print as the CLI builds their full result', () => {
  const pages: [service: string, operation: string, page: Record<string, unknown>][] = [
    [
      'iam',
      'ListAccessKeys',
      { AccessKeyMetadata: [{ UserName: 'u', AccessKeyId: 'AKIA', Status: 'Active' }], IsTruncated: false },
    ],
    ['iam', 'GetGroup', { Group: { GroupName: 'g' }, Users: [{ UserName: 'u' }], IsTruncated: false }],
    ['iam', 'GetGroup', { Users: [], IsTruncated: false }],
    ['s3', 'ListObjectsV2', { IsTruncated: false, Name: 'b', Prefix: '', MaxKeys: 1000, KeyCount: 0 }],
    [
      's3',
      'ListObjectsV2',
      {
        Contents: [{ Key: 'k', Size: 1 }],
        CommonPrefixes: [{ Prefix: 'p/' }],
        IsTruncated: false,
        KeyCount: 2,
      },
    ],
    ['ec2', 'DescribeInstances', { Reservations: [{ ReservationId: 'r-1', Instances: [] }] }],
    ['cloudformation', 'DescribeStacks', { Stacks: [{ StackName: 's' }] }],
  ];

  /** botocore's PageIterator.build_full_result() over each single page, printed as the CLI's json. */
  function botocoreFullResults(): string[] {
    const code = [
      'import json, sys',
      'from awscli.botocore.paginate import Paginator',
      'from awscli.botocore.session import get_session',
      'session = get_session()',
      'loader = session.get_component("data_loader")',
      'for service, operation, page in json.loads(sys.stdin.read()):',
      '    config = loader.load_service_model(service, "paginators-1")["pagination"][operation]',
      '    model = session.get_service_model(service).operation_model(operation)',
      '    full = Paginator(lambda **kw: page, config, model).paginate().build_full_result()',
      '    print(json.dumps(json.dumps(full, indent=4, ensure_ascii=False) + "\\n" if full != {} else ""))',
    ].join('\n');
    const result = spawnSync(PYTHON, ['-c', code], { input: JSON.stringify(pages), encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string);
  }

  it.skipIf(referenceUnavailable() !== undefined)('matches botocore for every page', () => {
    const expected = botocoreFullResults();
    pages.forEach(([service, operation, page], i) => {
      const ours = formatSdkOutput({ ...page, $metadata: {} }, { operation });
      expect(ours, `${service} ${operation}`).toBe(expected[i]);
    });
  });

  it('keeps the page as it is with paginate: false', () => {
    const page = { AccessKeyMetadata: [], IsTruncated: false };
    expect(formatSdkOutput(page, { operation: 'ListAccessKeys', paginate: false })).toContain(
      '"IsTruncated": false',
    );
  });
});
