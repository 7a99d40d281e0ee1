import { DescribeVpcsRequest$ } from '@aws-sdk/client-ec2';
import { CreateUserRequest$, User$ } from '@aws-sdk/client-iam';
import { Message$, SendMessageRequest$ } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../src/index.js';
import { awsJson } from '../src/protocols/json.js';
import { parseJsonInput, toJsonOutput } from '../src/protocols/json-shape.js';
import { loadModel } from '../src/protocols/models.js';
import { awsQuery, parseFormEncoded } from '../src/protocols/query.js';
import { parseQueryInput, type QueryParseOptions } from '../src/protocols/query-input.js';
import { structMembersXml } from '../src/protocols/xml-output.js';
import { serviceInfo } from '../src/services/index.js';

const opts = (flavor: 'awsQuery' | 'ec2Query'): QueryParseOptions => ({
  flavor,
  missing: (member, path) => new AwsError('MissingParameter', `${member} at ${path}`),
  invalid: (path, raw, type) => new AwsError('InvalidParameterValue', `${raw} at ${path} is not a ${type}`),
});

describe('query input parsing from the model', () => {
  it('reads wrapped lists of structures (awsQuery)', () => {
    const input = parseQueryInput(
      CreateUserRequest$,
      new Map([
        ['UserName', 'u1'],
        ['Tags.member.2.Key', 'b'],
        ['Tags.member.2.Value', '2'],
        ['Tags.member.1.Key', 'a'],
        ['Tags.member.1.Value', '1'],
      ]),
      opts('awsQuery'),
    );
    expect(input).toEqual({
      UserName: 'u1',
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    });
  });

  it('reads flattened maps of structures with xmlName keys (SQS over awsQuery)', () => {
    const input = parseQueryInput(
      SendMessageRequest$,
      new Map([
        ['QueueUrl', 'http://x/1/q'],
        ['MessageBody', 'hi'],
        ['DelaySeconds', '5'],
        ['MessageAttribute.1.Name', 'Color'],
        ['MessageAttribute.1.Value.DataType', 'String'],
        ['MessageAttribute.1.Value.StringValue', 'blue'],
      ]),
      opts('awsQuery'),
    );
    expect(input).toEqual({
      QueueUrl: 'http://x/1/q',
      MessageBody: 'hi',
      DelaySeconds: 5,
      MessageAttributes: { Color: { DataType: 'String', StringValue: 'blue' } },
    });
  });

  it('reads EC2 flattened lists with their query names, and booleans', () => {
    const input = parseQueryInput(
      DescribeVpcsRequest$,
      new Map([
        ['Filter.1.Name', 'tag:Name'],
        ['Filter.1.Value.1', 'a'],
        ['Filter.1.Value.2', 'b'],
        ['VpcId.1', 'vpc-1'],
        ['DryRun', 'true'],
      ]),
      opts('ec2Query'),
    );
    expect(input).toEqual({
      Filters: [{ Name: 'tag:Name', Values: ['a', 'b'] }],
      VpcIds: ['vpc-1'],
      DryRun: true,
    });
  });

  it('treats `Name=` as an empty list and rejects missing and mistyped members', () => {
    expect(
      parseQueryInput(
        CreateUserRequest$,
        new Map([
          ['UserName', 'u'],
          ['Tags', ''],
        ]),
        opts('awsQuery'),
      ),
    ).toEqual({ UserName: 'u', Tags: [] });
    expect(() => parseQueryInput(CreateUserRequest$, new Map(), opts('awsQuery'))).toThrow(
      'UserName at UserName',
    );
    expect(() =>
      parseQueryInput(
        CreateUserRequest$,
        new Map([
          ['UserName', 'u'],
          ['Tags.member.1.Value', 'v'],
        ]),
        opts('awsQuery'),
      ),
    ).toThrow('Key at Tags.member.1.Key');
    expect(() =>
      parseQueryInput(DescribeVpcsRequest$, new Map([['DryRun', 'yes']]), opts('ec2Query')),
    ).toThrow('yes at DryRun is not a boolean');
  });

  it('splits form bodies strictly', () => {
    expect(parseFormEncoded('a=1+2&b=%E5%80%A4&c')).toEqual([
      ['a', '1 2'],
      ['b', '値'],
      ['c', ''],
    ]);
    expect(() => parseFormEncoded('a=%E5%80')).toThrow(/malformed/);
  });
});

describe('output serialisation from the model', () => {
  it('writes XML members in model order, timestamps in whole seconds for awsQuery, escaped text', () => {
    const xml = structMembersXml(
      User$,
      {
        UserName: 'a<b',
        Path: '/',
        UserId: 'AIDA',
        Arn: 'arn',
        CreateDate: new Date('2021-05-16T09:21:41Z'),
        Tags: [{ Key: 'k', Value: 'v&' }],
      },
      { millis: false },
    );
    expect(xml).toBe(
      '<Path>/</Path><UserName>a&lt;b</UserName><UserId>AIDA</UserId><Arn>arn</Arn><CreateDate>2021-05-16T09:21:41Z</CreateDate><Tags><member><Key>k</Key><Value>v&amp;</Value></member></Tags>',
    );
  });

  it('writes flattened maps with their xmlName keys (SQS messages over awsQuery)', () => {
    const xml = structMembersXml(
      Message$,
      { MessageId: 'm', Attributes: { SentTimestamp: '1' } },
      { millis: false },
    );
    expect(xml).toBe(
      '<MessageId>m</MessageId><Attribute><Name>SentTimestamp</Name><Value>1</Value></Attribute>',
    );
  });

  it('writes JSON timestamps as epoch seconds and reads them back as Dates', () => {
    expect(
      toJsonOutput(User$, { UserName: 'u', CreateDate: new Date('2021-05-16T09:21:41.500Z'), Unknown: 1 }),
    ).toEqual({
      UserName: 'u',
      CreateDate: 1621156901.5,
    });
    const parsed = parseJsonInput(
      User$,
      { Path: '/', UserName: 'u', UserId: 'i', Arn: 'a', CreateDate: 1621156901 },
      {
        missing: (m) => new AwsError('MissingParameter', m),
        invalid: (p, t) => new AwsError('SerializationException', `${p} ${t}`),
      },
    );
    expect(parsed.CreateDate).toEqual(new Date('2021-05-16T09:21:41Z'));
  });
});

describe('error documents', () => {
  it('takes the HTTP status and query code from the model when the handler leaves the default', async () => {
    const iam = await loadModel(serviceInfo('iam'));
    const res = awsQuery.encodeError(new AwsError('NoSuchEntity', 'gone'), {
      info: iam.info,
      model: iam,
      requestId: 'req-1',
    });
    expect(res.status).toBe(404);
    expect(res.body).toContain('<Code>NoSuchEntity</Code>');
    const sqs = await loadModel(serviceInfo('sqs'));
    const json = awsJson.encodeError(new AwsError('QueueDoesNotExist', 'no queue'), {
      info: sqs.info,
      model: sqs,
      requestId: 'req-2',
    });
    expect(json.headers['x-amzn-query-error']).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    expect(JSON.parse(String(json.body))).toEqual({
      __type: 'com.amazonaws.sqs#QueueDoesNotExist',
      message: 'no queue',
    });
    const query = awsQuery.encodeError(new AwsError('QueueDoesNotExist', 'no queue'), {
      info: sqs.info,
      model: sqs,
      requestId: 'req-3',
    });
    expect(query.body).toContain('<Code>AWS.SimpleQueueService.NonExistentQueue</Code>');
  });
});
