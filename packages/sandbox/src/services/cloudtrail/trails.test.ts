import { gunzipSync } from 'node:zlib';
import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  cliAs,
  iamClient,
  type Keys,
  REGION,
  s3Client,
  sdkError,
  startTestSandbox,
  type TestSandbox,
} from '../iam/__fixtures__/sandbox';

/* Trails, event selectors and log file delivery through the real SDK v3 clients and /usr/bin/aws. */

const ACCOUNT = '123456789012';
const LOGS = 'handson-trail-logs';
const DATA = 'handson-trail-data';
const OTHER = 'handson-trail-other';
let sb: TestSandbox;
let user: Keys;
const ct = (keys: Keys = ADMIN, region = REGION) =>
  new CloudTrailClient({ endpoint: sb.url, region, credentials: keys, maxAttempts: 1 });
const location = { CreateBucketConfiguration: { LocationConstraint: REGION } } as const;

/** A bucket policy that lets any trail read the bucket's ACL and write anywhere in it (no SourceArn condition). */
const anyTrailPolicy = (bucket: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${bucket}`,
      },
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
      },
    ],
  });

/** The bucket policy the CloudTrail User Guide gives for a trail's bucket. */
const trailPolicy = (trail: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${LOGS}`,
        Condition: {
          StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${trail}` },
        },
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${LOGS}/AWSLogs/${ACCOUNT}/*`,
        Condition: {
          StringEquals: {
            's3:x-amz-acl': 'bucket-owner-full-control',
            'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${trail}`,
          },
        },
      },
    ],
  });

async function logKeys(): Promise<string[]> {
  const out = await s3Client(sb.url).send(new ListObjectsV2Command({ Bucket: LOGS, Prefix: 'AWSLogs/' }));
  return (out.Contents ?? []).map((c) => c.Key as string);
}

async function records(key: string): Promise<Record<string, unknown>[]> {
  const got = await s3Client(sb.url).send(new GetObjectCommand({ Bucket: LOGS, Key: key }));
  const body = Buffer.from(await got.Body!.transformToByteArray());
  return JSON.parse(gunzipSync(body).toString('utf8')).Records;
}

beforeAll(async () => {
  sb = await startTestSandbox('cloudtrail-trails');
  const s3 = s3Client(sb.url);
  for (const Bucket of [LOGS, DATA, OTHER]) await s3.send(new CreateBucketCommand({ Bucket, ...location }));
  const iam = iamClient(sb.url);
  await iam.send(new CreateUserCommand({ UserName: 'leaky' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'leaky',
      PolicyName: 's3',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: '*' },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'leaky' }))).AccessKey!;
  user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
});
afterAll(() => sb?.close());

describe('creating a trail', () => {
  it('checks the bucket and its policy as CloudTrail does', async () => {
    const create = (S3BucketName: string) =>
      ct().send(new CreateTrailCommand({ Name: 'drill', S3BucketName }));
    expect(await sdkError(create('no-such-bucket-here'))).toMatchObject({
      name: 'S3BucketDoesNotExistException',
      message: 'S3 bucket no-such-bucket-here does not exist.',
    });
    expect(await sdkError(create(LOGS))).toMatchObject({
      name: 'InsufficientS3BucketPolicyException',
      message: `Incorrect S3 bucket policy is detected for bucket: ${LOGS}`,
    });
    // A policy for another trail's ARN does not do either.
    await s3Client(sb.url).send(new PutBucketPolicyCommand({ Bucket: LOGS, Policy: trailPolicy('other') }));
    expect(await sdkError(create(LOGS))).toMatchObject({ name: 'InsufficientS3BucketPolicyException' });
    await s3Client(sb.url).send(new PutBucketPolicyCommand({ Bucket: LOGS, Policy: trailPolicy('drill') }));
    const made = await create(LOGS);
    expect(made).toMatchObject({
      Name: 'drill',
      S3BucketName: LOGS,
      TrailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/drill`,
      IsMultiRegionTrail: false,
    });
    expect(await sdkError(create(LOGS))).toMatchObject({ name: 'TrailAlreadyExistsException' });
    const status = await ct().send(new GetTrailStatusCommand({ Name: 'drill' }));
    expect(status.IsLogging).toBe(false);
  });
});

describe('bounds', () => {
  it('takes a key prefix of at most 200 characters, and counts no trail it refused', async () => {
    const make = (Name: string, S3KeyPrefix?: string) =>
      ct(ADMIN, 'eu-west-1').send(new CreateTrailCommand({ Name, S3BucketName: LOGS, S3KeyPrefix }));
    expect(await sdkError(make('long-prefix', 'p'.repeat(201)))).toMatchObject({
      name: 'InvalidS3PrefixException',
    });
    // The log bucket's policy names the ap-northeast-1 trail only: another trail is refused.
    expect(await sdkError(make('elsewhere'))).toMatchObject({ name: 'InsufficientS3BucketPolicyException' });
    expect((await ct(ADMIN, 'eu-west-1').send(new DescribeTrailsCommand({}))).trailList).toEqual([]);
  });

  it('takes at most five trails a region', async () => {
    const open = anyTrailPolicy(OTHER);
    await s3Client(sb.url).send(new PutBucketPolicyCommand({ Bucket: OTHER, Policy: open }));
    const west = ct(ADMIN, 'eu-west-1');
    for (let i = 1; i <= 5; i++)
      await west.send(new CreateTrailCommand({ Name: `t${i}-x`, S3BucketName: OTHER }));
    expect(
      await sdkError(west.send(new CreateTrailCommand({ Name: 't6-x', S3BucketName: OTHER }))),
    ).toMatchObject({
      name: 'MaximumNumberOfTrailsExceededException',
    });
    for (let i = 1; i <= 5; i++) await west.send(new DeleteTrailCommand({ Name: `t${i}-x` }));
  });
});

describe('S3 data events', () => {
  it('delivers what the selectors take, once the batch is 5 minutes old, as gzipped JSON under AWSLogs/', async () => {
    const selectors = await ct().send(
      new PutEventSelectorsCommand({
        TrailName: 'drill',
        EventSelectors: [
          {
            ReadWriteType: 'All',
            IncludeManagementEvents: false,
            DataResources: [{ Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::${DATA}/`] }],
          },
        ],
      }),
    );
    expect(selectors.EventSelectors?.[0]?.DataResources?.[0]?.Values).toEqual([`arn:aws:s3:::${DATA}/`]);
    await ct().send(new StartLoggingCommand({ Name: 'drill' }));
    const leaky = s3Client(sb.url, user);
    await leaky.send(
      new PutObjectCommand({ Bucket: DATA, Key: 'loot/customers.csv', Body: 'id,name\n1,a\n' }),
    );
    // Signed for another region: S3 records the event where the bucket is.
    const elsewhere = new S3Client({
      endpoint: sb.url,
      region: 'us-east-1',
      credentials: user,
      forcePathStyle: true,
      maxAttempts: 1,
    });
    await elsewhere.send(new GetObjectCommand({ Bucket: DATA, Key: 'loot/customers.csv' }));
    await leaky.send(new PutObjectCommand({ Bucket: OTHER, Key: 'not-selected', Body: 'x' }));
    expect(await logKeys()).toEqual([]);
    sb.sandbox.clock.advance(5 * 60_000);
    await ct().send(new GetTrailStatusCommand({ Name: 'drill' }));
    const keys = await logKeys();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(
      new RegExp(
        `^AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/\\d{4}/\\d\\d/\\d\\d/${ACCOUNT}_CloudTrail_${REGION}_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$`,
      ),
    );
    const got = await records(keys[0] as string);
    expect(got.map((r) => r.eventName)).toEqual(['PutObject', 'GetObject']);
    expect(got[0]).toMatchObject({
      eventSource: 's3.amazonaws.com',
      eventCategory: 'Data',
      managementEvent: false,
      readOnly: false,
      userIdentity: { type: 'IAMUser', userName: 'leaky', accessKeyId: user.accessKeyId },
      requestParameters: { bucketName: DATA, key: 'loot/customers.csv' },
      additionalEventData: { bytesTransferredIn: 12 },
      resources: [
        { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${DATA}/loot/customers.csv` },
        { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${DATA}` },
      ],
    });
    expect(got[1]).toMatchObject({
      readOnly: true,
      awsRegion: REGION,
      additionalEventData: { bytesTransferredOut: 12 },
    });
    const status = await ct().send(new GetTrailStatusCommand({ Name: 'drill' }));
    expect(status).toMatchObject({ IsLogging: true });
    expect(status.LatestDeliveryTime).toBeInstanceOf(Date);
  });

  it('keeps records it cannot deliver and says why; StopLogging delivers what waits', async () => {
    const leaky = s3Client(sb.url, user);
    await s3Client(sb.url).send(new DeleteBucketPolicyCommand({ Bucket: LOGS }));
    await leaky.send(new GetObjectCommand({ Bucket: DATA, Key: 'loot/customers.csv' }));
    sb.sandbox.clock.advance(5 * 60_000);
    // The first request after the clock move attempts the delivery; the next one sees how it went.
    await ct().send(new GetTrailStatusCommand({ Name: 'drill' }));
    const refused = await ct().send(new GetTrailStatusCommand({ Name: 'drill' }));
    expect(refused.LatestDeliveryError).toBe('AccessDenied');
    expect(await logKeys()).toHaveLength(1);
    await s3Client(sb.url).send(new PutBucketPolicyCommand({ Bucket: LOGS, Policy: trailPolicy('drill') }));
    await leaky.send(new GetObjectCommand({ Bucket: DATA, Key: 'loot/customers.csv' }));
    await ct().send(new StopLoggingCommand({ Name: 'drill' }));
    // The waiting record went with the first request after the policy came back, the last with StopLogging.
    const keys = await logKeys();
    expect(keys).toHaveLength(3);
    const counts = await Promise.all(keys.map(async (k) => (await records(k)).length));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    const stopped = await ct().send(new GetTrailStatusCommand({ Name: 'drill' }));
    expect(stopped).toMatchObject({ IsLogging: false });
    expect(stopped.LatestDeliveryError).toBeUndefined();
  });

  it('refuses selectors it does not take, basic and advanced, with CloudTrail error names', async () => {
    const put = (EventSelectors: unknown) =>
      sdkError(ct().send(new PutEventSelectorsCommand({ TrailName: 'drill', EventSelectors } as never)));
    expect(
      await put([{ DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] }]),
    ).toMatchObject({ name: 'InvalidEventSelectorsException' });
    expect(
      await put([{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['s3://bucket'] }] }]),
    ).toMatchObject({
      name: 'InvalidEventSelectorsException',
    });
    expect(
      await sdkError(
        ct().send(
          new PutEventSelectorsCommand({
            TrailName: 'drill',
            AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }],
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidEventSelectorsException' });
    expect(
      await put([{ ExcludeManagementEventSources: ['iam.amazonaws.com'], DataResources: [] }]),
    ).toMatchObject({ name: 'InvalidEventSelectorsException' });
    expect(
      await put([
        {
          DataResources: [{ Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::${DATA}/${'k'.repeat(3000)}`] }],
        },
      ]),
    ).toMatchObject({ name: 'InvalidEventSelectorsException' });
    expect(await sdkError(ct().send(new GetTrailStatusCommand({ Name: 'nope' })))).toMatchObject({
      name: 'TrailNotFoundException',
      message: `Unknown trail: arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/nope for the user: ${ACCOUNT}`,
    });
  });

  it('answers the AWS CLI: describe-trails, get-event-selectors, get-trail-status, delete-trail', async () => {
    const describe = await cliAs(sb.url, [
      'cloudtrail',
      'describe-trails',
      '--query',
      'trailList[].[Name,S3BucketName,HomeRegion]',
      '--output',
      'text',
    ]);
    expect(describe.stdout).toBe(`drill\t${LOGS}\t${REGION}\n`);
    const selectors = await cliAs(sb.url, [
      'cloudtrail',
      'get-event-selectors',
      '--trail-name',
      'drill',
      '--query',
      'EventSelectors[0].DataResources[0].Values[0]',
      '--output',
      'text',
    ]);
    expect(selectors.stdout).toBe(`arn:aws:s3:::${DATA}/\n`);
    const status = await cliAs(sb.url, [
      'cloudtrail',
      'get-trail-status',
      '--name',
      'drill',
      '--query',
      'IsLogging',
    ]);
    expect(status.stdout).toBe('false\n');
    const elsewhere = await cliAs(sb.url, [
      'cloudtrail',
      'delete-trail',
      '--name',
      'drill',
      '--region',
      'us-east-1',
    ]);
    expect(elsewhere.stderr).toContain('TrailNotFoundException');
    expect((await cliAs(sb.url, ['cloudtrail', 'delete-trail', '--name', 'drill'])).code).toBe(0);
    expect((await ct().send(new DescribeTrailsCommand({}))).trailList).toEqual([]);
    expect(await sdkError(ct().send(new GetEventSelectorsCommand({ TrailName: 'drill' })))).toMatchObject({
      name: 'TrailNotFoundException',
    });
    expect(await sdkError(ct().send(new DeleteTrailCommand({ Name: 'drill' })))).toMatchObject({
      name: 'TrailNotFoundException',
    });
  });
});

describe('management events', () => {
  it("a multi-region trail with the default selector delivers every region's calls, IAM's in us-east-1", async () => {
    const open = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: `arn:aws:s3:::${OTHER}`,
        },
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::${OTHER}/mgmt/*`,
        },
      ],
    });
    const s3 = s3Client(sb.url);
    await s3.send(new PutBucketPolicyCommand({ Bucket: OTHER, Policy: open }));
    await ct().send(
      new CreateTrailCommand({
        Name: 'everything',
        S3BucketName: OTHER,
        S3KeyPrefix: 'mgmt',
        IsMultiRegionTrail: true,
      }),
    );
    // A multi-region trail shows in every region (a shadow trail), and changes only in its home region.
    const shadow = await ct(ADMIN, 'eu-west-1').send(new DescribeTrailsCommand({}));
    expect(shadow.trailList?.map((t) => [t.Name, t.HomeRegion])).toEqual([['everything', REGION]]);
    expect(
      await sdkError(ct(ADMIN, 'eu-west-1').send(new StartLoggingCommand({ Name: 'everything' }))),
    ).toMatchObject({ name: 'InvalidHomeRegionException' });
    await ct().send(new StartLoggingCommand({ Name: 'everything' }));
    await iamClient(sb.url).send(new CreateUserCommand({ UserName: 'seen-by-the-trail' }));
    await ct().send(new StopLoggingCommand({ Name: 'everything' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: OTHER, Prefix: 'mgmt/AWSLogs/' }));
    const keys = (listed.Contents ?? []).map((c) => c.Key as string);
    const iamFile = keys.find((k) => k.includes('/CloudTrail/us-east-1/'));
    expect(iamFile).toBeDefined();
    const got = await s3.send(new GetObjectCommand({ Bucket: OTHER, Key: iamFile }));
    const recs = JSON.parse(
      gunzipSync(Buffer.from(await got.Body!.transformToByteArray())).toString('utf8'),
    ).Records;
    expect(recs).toContainEqual(
      expect.objectContaining({
        eventName: 'CreateUser',
        eventCategory: 'Management',
        awsRegion: 'us-east-1',
        requestParameters: { userName: 'seen-by-the-trail' },
      }),
    );
    const home = keys.find((k) => k.includes(`/CloudTrail/${REGION}/`));
    expect(home).toBeDefined();
    await ct().send(new DeleteTrailCommand({ Name: 'everything' }));
  });
});

describe('advanced event selectors', () => {
  it('take the events every field selector holds for: reads under one prefix only', async () => {
    const s3 = s3Client(sb.url);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: `arn:aws:s3:::${OTHER}`,
        },
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::${OTHER}/adv/*`,
        },
      ],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: OTHER, Policy: policy }));
    await ct().send(new CreateTrailCommand({ Name: 'reads', S3BucketName: OTHER, S3KeyPrefix: 'adv' }));
    const AdvancedEventSelectors = [
      {
        Name: 'reads of loot/',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::${DATA}/loot/`] },
          { Field: 'readOnly', Equals: ['true'] },
        ],
      },
    ];
    await ct().send(new PutEventSelectorsCommand({ TrailName: 'reads', AdvancedEventSelectors }));
    expect(
      (await ct().send(new GetEventSelectorsCommand({ TrailName: 'reads' }))).AdvancedEventSelectors,
    ).toEqual(AdvancedEventSelectors);
    await ct().send(new StartLoggingCommand({ Name: 'reads' }));
    const leaky = s3Client(sb.url, user);
    await leaky.send(new PutObjectCommand({ Bucket: DATA, Key: 'loot/a.txt', Body: 'a' }));
    await leaky.send(new GetObjectCommand({ Bucket: DATA, Key: 'loot/a.txt' }));
    await leaky.send(new PutObjectCommand({ Bucket: DATA, Key: 'other/b.txt', Body: 'b' }));
    await leaky.send(new GetObjectCommand({ Bucket: DATA, Key: 'other/b.txt' }));
    await ct().send(new StopLoggingCommand({ Name: 'reads' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: OTHER, Prefix: 'adv/AWSLogs/' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: OTHER, Key: listed.Contents?.[0]?.Key }));
    const recs = JSON.parse(
      gunzipSync(Buffer.from(await got.Body!.transformToByteArray())).toString('utf8'),
    ).Records;
    expect(
      recs.map((r: { eventName: string; requestParameters: { key: string } }) => [
        r.eventName,
        r.requestParameters.key,
      ]),
    ).toEqual([['GetObject', 'loot/a.txt']]);
    // Both kinds at once, or a Data selector without its resource type, are refused.
    expect(
      await sdkError(
        ct().send(
          new PutEventSelectorsCommand({
            TrailName: 'reads',
            AdvancedEventSelectors,
            EventSelectors: [{ ReadWriteType: 'All' }],
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidParameterCombinationException' });
    await ct().send(new DeleteTrailCommand({ Name: 'reads' }));
  });
});

describe('tags', () => {
  it('ListTags gives the TagsList a trail was made with, by ARN, in its region only', async () => {
    const Bucket = 'handson-trail-tags';
    const s3 = s3Client(sb.url);
    await s3.send(new CreateBucketCommand({ Bucket, ...location }));
    const policy = anyTrailPolicy(Bucket);
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policy }));
    const TagsList = [{ Key: 'handson:lab', Value: '06-access-key-exposure-drill' }];
    const tagged = await ct().send(
      new CreateTrailCommand({ Name: 'tagged', S3BucketName: Bucket, TagsList }),
    );
    await ct().send(new CreateTrailCommand({ Name: 'untagged', S3BucketName: Bucket }));
    const arn = (name: string) => `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${name}`;
    expect(tagged.TrailARN).toBe(arn('tagged'));
    const listed = await ct().send(new ListTagsCommand({ ResourceIdList: [arn('tagged'), arn('untagged')] }));
    expect(listed.ResourceTagList).toEqual([
      { ResourceId: arn('tagged'), TagsList },
      { ResourceId: arn('untagged'), TagsList: [] },
    ]);
    // A single-region trail is not seen from another region; a name is not an ARN.
    expect(
      await sdkError(ct(ADMIN, 'eu-west-1').send(new ListTagsCommand({ ResourceIdList: [arn('tagged')] }))),
    ).toMatchObject({ name: 'ResourceNotFoundException', message: `Resource not found: ${arn('tagged')}` });
    expect(await sdkError(ct().send(new ListTagsCommand({ ResourceIdList: ['tagged'] })))).toMatchObject({
      name: 'CloudTrailARNInvalidException',
    });
    for (const Name of ['tagged', 'untagged']) await ct().send(new DeleteTrailCommand({ Name }));
    expect(await sdkError(ct().send(new ListTagsCommand({ ResourceIdList: [arn('tagged')] })))).toMatchObject(
      { name: 'ResourceNotFoundException' },
    );
  });
});
