import { describe, expect, it } from 'vitest';
import { AwsError } from '../../core/types';
import { resolveParameters } from './template/parameters';
import { parseTemplate } from './template/parse';
import { fakeWorld } from './testing/fake-context';

const TEMPLATE = parseTemplate(`Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
    Default: dev
  Prefix:
    Type: String
    AllowedPattern: '[a-z][a-z0-9-]*'
    MinLength: 3
    MaxLength: 10
    Default: lab
  Count:
    Type: Number
    MinValue: 1
    MaxValue: 3
    Default: 1
  Ports:
    Type: List<Number>
    Default: '22,80'
  Key:
    Type: AWS::EC2::KeyPair::KeyName
    Default: SampleKeyPair
  Ami:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
  Secret:
    Type: String
    NoEcho: true
    Default: s
Resources:
  Vpc:
    Type: AWS::EC2::VPC
`);

const world = fakeWorld(async (service, operation, input) => {
  if (service === 'ec2' && operation === 'DescribeKeyPairs') {
    if ((input.KeyNames as string[])[0] === 'SampleKeyPair')
      return { KeyPairs: [{ KeyName: 'SampleKeyPair' }] };
    throw new AwsError(
      'InvalidKeyPair.NotFound',
      `The key pair '${(input.KeyNames as string[])[0]}' does not exist`,
    );
  }
  if (service === 'ec2' && operation === 'DescribeImages' && input.ImageIds) {
    return { Images: [{ ImageId: (input.ImageIds as string[])[0] }] };
  }
  if (service === 'ec2' && operation === 'DescribeImages') {
    expect(input).toEqual({
      Owners: ['amazon'],
      Filters: [{ Name: 'name', Values: ['al2023-ami-2023.*-kernel-6.*-x86_64'] }],
    });
    return {
      Images: [
        { ImageId: 'ami-old', CreationDate: '2025-01-01T00:00:00.000Z' },
        { ImageId: 'ami-new', CreationDate: '2026-01-01T00:00:00.000Z' },
      ],
    };
  }
  throw new AwsError('InvalidAction', `${operation} not faked`);
});

const resolve = (given: { ParameterKey: string; ParameterValue: string }[]) =>
  resolveParameters(world.ctx, TEMPLATE, given, undefined, ['ap-northeast-1a']);

describe('parameters', () => {
  it('applies defaults, splits lists and resolves the public Amazon Linux SSM parameter to the newest image', async () => {
    const out = await resolve([{ ParameterKey: 'Env', ParameterValue: 'prod' }]);
    expect(out.values).toEqual({
      Env: 'prod',
      Prefix: 'lab',
      Count: '1',
      Ports: ['22', '80'],
      Key: 'SampleKeyPair',
      Ami: 'ami-new',
      Secret: 's',
    });
    expect(out.stackParameters.find((p) => p.ParameterKey === 'Ami')).toEqual({
      ParameterKey: 'Ami',
      ParameterValue: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
      ResolvedValue: 'ami-new',
    });
  });

  it.each([
    ['Env', 'test', "Parameter 'Env' must be one of AllowedValues"],
    ['Prefix', 'Lab', "Parameter 'Prefix' must match pattern [a-z][a-z0-9-]*"],
    ['Prefix', 'ab', "Parameter 'Prefix' must contain at least 3 characters"],
    ['Prefix', 'abcdefghijk', "Parameter 'Prefix' must contain at most 10 characters"],
    ['Count', 'three', "Parameter 'Count' must be a number."],
    ['Count', '4', "Parameter 'Count' must be a number not greater than 3"],
    ['Ports', '22,x', "Parameter 'Ports' must be a number."],
    [
      'Key',
      'missing',
      'Parameter validation failed: parameter value missing for parameter name Key does not exist. Rectify the input parameter and try again.',
    ],
    [
      'Ami',
      '/aws/service/nope',
      'Unable to fetch parameters [/aws/service/nope] from parameter store for this account.',
    ],
  ])('refuses %s=%s', async (key, value, message) => {
    const err = await resolve([{ ParameterKey: key, ParameterValue: value }]).catch((e: AwsError) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as AwsError).code).toBe('ValidationError');
    expect((err as AwsError).message.startsWith(message)).toBe(true);
  });

  it('names parameters without a value', async () => {
    const t = parseTemplate(
      'Parameters:\n  A: { Type: String }\n  B: { Type: String }\nResources:\n  V: { Type: AWS::EC2::VPC }\n',
    );
    await expect(resolveParameters(world.ctx, t, [], undefined, [])).rejects.toThrow(
      'Parameters: [A, B] must have values',
    );
  });
});
