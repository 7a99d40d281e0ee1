import {
  CloudTrailClient,
  type Event,
  LookupEventsCommand,
  type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { CreateSecurityGroupCommand, DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeleteUserCommand,
  GetUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  cliAs,
  iamClient,
  type Keys,
  sdkError,
  startTestSandbox,
  type TestSandbox,
} from '../iam/__fixtures__/sandbox';
import { append, EVENTS_PER_REGION, emptyTrail, newestFirst, type RegionTrail, upgrade } from './store';

/* CloudTrail event history through the real SDK v3 CloudTrail client and /usr/bin/aws. */

let sb: TestSandbox;
let user: Keys;
const PASSWORD = 'Drill-Passw0rd!x';
const trail = (url: string, region: string, keys: Keys = ADMIN) =>
  new CloudTrailClient({ endpoint: url, region, credentials: keys, maxAttempts: 1 });
const ec2 = (region: string, keys: Keys) =>
  new EC2Client({ endpoint: sb.url, region, credentials: keys, maxAttempts: 1 });

async function lookupAll(region: string, input: LookupEventsCommandInput = {}): Promise<Event[]> {
  const events: Event[] = [];
  let NextToken: string | undefined;
  do {
    const page = await trail(sb.url, region).send(new LookupEventsCommand({ ...input, NextToken }));
    events.push(...(page.Events ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return events;
}

const byKey = (key: string, value: string): LookupEventsCommandInput => ({
  LookupAttributes: [{ AttributeKey: key as 'AccessKeyId', AttributeValue: value }],
});

beforeAll(async () => {
  sb = await startTestSandbox('cloudtrail');
  const iam = iamClient(sb.url);
  await iam.send(new CreateUserCommand({ UserName: 'leaky' }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'leaky', Password: PASSWORD }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'leaky',
      PolicyName: 'drill',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['ec2:*', 'iam:GetUser', 'iam:CreateUser'], Resource: '*' }],
      }),
    }),
  );
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'leaky' }));
  user = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
  const asUser = iamClient(sb.url, user);
  await asUser.send(new GetUserCommand({}));
  await asUser.send(new CreateUserCommand({ UserName: 'persist' }));
  await sdkError(asUser.send(new DeleteUserCommand({ UserName: 'persist' })));
  await ec2('eu-west-1', user).send(
    new CreateSecurityGroupCommand({ GroupName: 'miner', Description: 'drill' }),
  );
  await ec2('ap-northeast-1', user).send(new DescribeRegionsCommand({}));
});
afterAll(() => sb?.close());

describe('the record of management events', () => {
  it('files IAM events in us-east-1 and EC2 events in their own region, newest first', async () => {
    const iamEvents = await lookupAll('us-east-1', byKey('AccessKeyId', user.accessKeyId));
    expect(iamEvents.map((e) => e.EventName)).toEqual(['DeleteUser', 'CreateUser', 'GetUser']);
    const eu = await lookupAll('eu-west-1', byKey('AccessKeyId', user.accessKeyId));
    expect(eu.map((e) => e.EventName)).toEqual(['CreateSecurityGroup']);
    const tokyo = await lookupAll('ap-northeast-1', byKey('AccessKeyId', user.accessKeyId));
    expect(tokyo.map((e) => [e.EventName, e.ReadOnly])).toEqual([['DescribeRegions', 'true']]);
    expect(await lookupAll('us-west-2', byKey('AccessKeyId', user.accessKeyId))).toEqual([]);
  });

  it('gives each event the columns of event history and the CloudTrailEvent JSON', async () => {
    const [created] = await lookupAll('us-east-1', byKey('EventName', 'CreateUser'));
    expect(created).toMatchObject({
      EventName: 'CreateUser',
      EventSource: 'iam.amazonaws.com',
      ReadOnly: 'false',
      AccessKeyId: user.accessKeyId,
      Username: 'leaky',
      Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: 'persist' }],
    });
    expect(created?.EventTime).toBeInstanceOf(Date);
    const record = JSON.parse(created!.CloudTrailEvent!);
    expect(record).toMatchObject({
      eventVersion: '1.08',
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::123456789012:user/leaky',
        accountId: '123456789012',
        accessKeyId: user.accessKeyId,
        userName: 'leaky',
      },
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      requestParameters: { userName: 'persist' },
      responseElements: { user: { userName: 'persist', arn: 'arn:aws:iam::123456789012:user/persist' } },
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '123456789012',
      eventCategory: 'Management',
    });
    expect(record.userAgent).toMatch(/aws-sdk-js/);
    expect(record.eventID).toBe(created?.EventId);
    expect(record.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('records failed calls with their error code and message', async () => {
    const [denied] = await lookupAll('us-east-1', byKey('EventName', 'DeleteUser'));
    const record = JSON.parse(denied!.CloudTrailEvent!);
    expect(record.errorCode).toBe('AccessDenied');
    expect(record.errorMessage).toContain('is not authorized to perform: iam:DeleteUser');
    expect(record.responseElements).toBeNull();
  });

  it('never records passwords or secret keys', async () => {
    const all = [
      ...(await lookupAll('us-east-1')),
      ...(await lookupAll('eu-west-1')),
      ...(await lookupAll('ap-northeast-1')),
    ];
    const text = JSON.stringify(all);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(user.secretAccessKey);
    const [login] = await lookupAll('us-east-1', byKey('EventName', 'CreateLoginProfile'));
    expect(JSON.parse(login!.CloudTrailEvent!).requestParameters).toEqual({ userName: 'leaky' });
    const [key] = await lookupAll('us-east-1', byKey('EventName', 'CreateAccessKey'));
    const record = JSON.parse(key!.CloudTrailEvent!);
    expect(record.userIdentity).toMatchObject({ type: 'Root', arn: 'arn:aws:iam::123456789012:root' });
    expect(record.responseElements.accessKey).toMatchObject({
      accessKeyId: user.accessKeyId,
      status: 'Active',
      userName: 'leaky',
    });
    expect(record.responseElements.accessKey.secretAccessKey).toBeUndefined();
    expect(key?.Resources).toContainEqual({
      ResourceType: 'AWS::IAM::AccessKey',
      ResourceName: user.accessKeyId,
    });
  });

  it('finds events by every lookup attribute', async () => {
    const names = async (key: string, value: string, region = 'us-east-1') =>
      (await lookupAll(region, byKey(key, value))).map((e) => e.EventName);
    expect(await names('Username', 'leaky')).toEqual(['DeleteUser', 'CreateUser', 'GetUser']);
    expect(await names('ResourceName', 'persist')).toEqual(['DeleteUser', 'CreateUser']);
    expect(await names('ResourceType', 'AWS::EC2::SecurityGroup', 'eu-west-1')).toEqual([
      'CreateSecurityGroup',
    ]);
    expect(await names('EventSource', 'ec2.amazonaws.com', 'eu-west-1')).toEqual(['CreateSecurityGroup']);
    expect(await names('ReadOnly', 'true', 'ap-northeast-1')).toContain('DescribeRegions');
    expect(await names('ReadOnly', 'false', 'ap-northeast-1')).not.toContain('DescribeRegions');
    const [one] = await lookupAll('eu-west-1', byKey('EventName', 'CreateSecurityGroup'));
    expect(await names('EventId', one!.EventId!, 'eu-west-1')).toEqual(['CreateSecurityGroup']);
  });

  it('records LookupEvents calls too, as AWS does', async () => {
    await lookupAll('eu-west-1');
    const lookups = await lookupAll('eu-west-1', byKey('EventName', 'LookupEvents'));
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups[0]).toMatchObject({
      EventSource: 'cloudtrail.amazonaws.com',
      ReadOnly: 'true',
      Username: 'root',
    });
  });

  it('pages with MaxResults and NextToken without losing or repeating events', async () => {
    const all = await lookupAll('us-east-1');
    const paged: Event[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await trail(sb.url, 'us-east-1').send(
        new LookupEventsCommand({ MaxResults: 2, NextToken }),
      );
      expect(page.Events!.length).toBeLessThanOrEqual(2);
      paged.push(...page.Events!);
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    expect(pages).toBeGreaterThan(2);
    // The lookups made while paging are recorded too (newer than the first page): compare the old ones.
    const ids = new Set(all.map((e) => e.EventId));
    expect(paged.filter((e) => ids.has(e.EventId)).map((e) => e.EventId)).toEqual(all.map((e) => e.EventId));
  });

  it('answers with a time range', async () => {
    const now = sb.sandbox.clock.now();
    const later = new Date(now.getTime() + 3600_000);
    expect(await lookupAll('us-east-1', { StartTime: later })).toEqual([]);
    const earlier = await lookupAll('us-east-1', {
      EndTime: now,
      StartTime: new Date(now.getTime() - 3600_000),
    });
    expect(earlier.map((e) => e.EventName)).toContain('CreateUser');
  });

  it('refuses bad lookups with the errors CloudTrail gives', async () => {
    const client = trail(sb.url, 'us-east-1');
    const two = await sdkError(
      client.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'CreateUser' },
            { AttributeKey: 'Username', AttributeValue: 'leaky' },
          ],
        }),
      ),
    );
    expect(two.name).toBe('InvalidLookupAttributesException');
    const range = await sdkError(
      client.send(
        new LookupEventsCommand({ StartTime: new Date(2030, 1, 1), EndTime: new Date(2029, 1, 1) }),
      ),
    );
    expect(range.name).toBe('InvalidTimeRangeException');
    const max = await sdkError(client.send(new LookupEventsCommand({ MaxResults: 51 })));
    expect(max.name).toBe('InvalidMaxResultsException');
    const token = await sdkError(client.send(new LookupEventsCommand({ NextToken: 'bogus' })));
    expect(token.name).toBe('InvalidNextTokenException');
    const page = await client.send(new LookupEventsCommand({ MaxResults: 1 }));
    const other = await sdkError(
      client.send(
        new LookupEventsCommand({ MaxResults: 1, NextToken: page.NextToken, ...byKey('Username', 'leaky') }),
      ),
    );
    expect(other.name).toBe('InvalidNextTokenException');
  });

  it('keeps the newest events of a region within the bound, and none older than 90 days', () => {
    const t = emptyTrail();
    const day = 86_400_000;
    const event = (n: number, time: number) => ({
      EventId: `e${n}`,
      EventName: 'GetUser',
      ReadOnly: 'true',
      AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      EventTime: new Date(time),
      EventSource: 'iam.amazonaws.com',
      Username: 'u',
      Resources: [],
      CloudTrailEvent: '{}',
    });
    for (let n = 1; n <= EVENTS_PER_REGION + 5; n++) append(t, event(n, 0), 0);
    const ids = () => [...newestFirst(t)].map((e) => e.EventId);
    expect(ids()).toHaveLength(EVENTS_PER_REGION);
    expect(ids().at(-1)).toBe('e6');
    expect([...newestFirst(t)][0]?.seq).toBe(EVENTS_PER_REGION + 5);
    // 90 days on by the sandbox's clock, the old events are gone and only the new one is kept.
    append(t, event(0, 91 * day), 91 * day);
    expect(ids()).toEqual(['e0']);
    expect(Object.keys(t.events)).toHaveLength(1);
    // One day short of 90 days, an event is kept.
    append(t, event(-1, 180 * day), 180 * day);
    expect(ids()).toEqual(['e-1', 'e0']);
  });

  it('reads a region trail saved as an array before events were keyed by sequence number', () => {
    const t = {
      nextSeq: 4,
      events: [2, 3].map((seq) => ({ seq, EventId: `e${seq}` })),
    } as unknown as RegionTrail;
    expect([...newestFirst(upgrade(t))].map((e) => e.EventId)).toEqual(['e3', 'e2']);
    expect(t.firstSeq).toBe(2);
  });

  it('omits request parameters over 100 KB as CloudTrail does, and says so', async () => {
    const iam = iamClient(sb.url);
    const PolicyDocument = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(200_000)}` },
      ],
    });
    await sdkError(iam.send(new CreatePolicyCommand({ PolicyName: 'huge', PolicyDocument })));
    const [event] = await lookupAll('us-east-1', byKey('EventName', 'CreatePolicy'));
    const record = JSON.parse(event?.CloudTrailEvent ?? '{}');
    expect(record.requestParameters).toBeNull();
    expect(record.errorCode).toBe('ValidationError');
    expect(record.omitted).toBe(true);
    expect(event?.CloudTrailEvent?.length).toBeLessThan(4000);
    // Under the limit, the parameters are kept whole.
    await sdkError(iam.send(new CreatePolicyCommand({ PolicyName: 'small', PolicyDocument: '{' })));
    const [small] = await lookupAll('us-east-1', byKey('EventName', 'CreatePolicy'));
    expect(JSON.parse(small?.CloudTrailEvent ?? '{}').requestParameters).toEqual({
      policyName: 'small',
      policyDocument: '{',
    });
  });

  it('refuses a region AWS does not have, before it becomes a region of state', async () => {
    const err = await sdkError(trail(sb.url, 'xx-nowhere-9').send(new LookupEventsCommand({})));
    expect(err.name).toBe('SignatureDoesNotMatch');
    expect(err.message).toBe("Credential should be scoped to a valid region, not 'xx-nowhere-9'.");
    const ec2Err = await sdkError(ec2('mars-east-1', ADMIN).send(new DescribeRegionsCommand({})));
    expect(ec2Err.name).toBe('AuthFailure');
    const events = await lookupAll('us-east-1', byKey('EventName', 'LookupEvents'));
    expect(events.some((e) => JSON.parse(e.CloudTrailEvent ?? '{}').awsRegion !== 'us-east-1')).toBe(false);
  });

  it('keeps the record across a restart', async () => {
    const before = await lookupAll('us-east-1', byKey('AccessKeyId', user.accessKeyId));
    await sb.sandbox.close();
    const again = await startTestSandbox('cloudtrail', sb.dataDir);
    try {
      const after = await (async () => {
        const page = await trail(again.url, 'us-east-1').send(
          new LookupEventsCommand(byKey('AccessKeyId', user.accessKeyId)),
        );
        return page.Events ?? [];
      })();
      expect(after.map((e) => e.EventId)).toEqual(before.map((e) => e.EventId));
    } finally {
      await again.close();
    }
    sb = await startTestSandbox('cloudtrail', sb.dataDir);
  });
});

describe('through /usr/bin/aws', { timeout: 120_000 }, () => {
  it('lookup-events --lookup-attributes AttributeKey=AccessKeyId', async () => {
    const r = await cliAs(sb.url, [
      'cloudtrail',
      'lookup-events',
      '--region',
      'us-east-1',
      '--lookup-attributes',
      `AttributeKey=AccessKeyId,AttributeValue=${user.accessKeyId}`,
      '--query',
      'Events[].[EventName,Username,EventSource]',
      '--output',
      'text',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'DeleteUser\tleaky\tiam.amazonaws.com\nCreateUser\tleaky\tiam.amazonaws.com\nGetUser\tleaky\tiam.amazonaws.com\n',
    );
    const json = await cliAs(sb.url, [
      'cloudtrail',
      'lookup-events',
      '--region',
      'eu-west-1',
      '--lookup-attributes',
      'AttributeKey=EventName,AttributeValue=CreateSecurityGroup',
    ]);
    const events = JSON.parse(json.stdout).Events;
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].CloudTrailEvent)).toMatchObject({
      awsRegion: 'eu-west-1',
      sourceIPAddress: '127.0.0.1',
      requestParameters: { groupName: 'miner', description: 'drill' },
    });
    const bad = await cliAs(sb.url, ['cloudtrail', 'lookup-events', '--max-results', '51']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('InvalidMaxResultsException');
  });
});
