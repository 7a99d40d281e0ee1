// Lab 06 as a unit: the drill's steps, the calls each makes (with whose key), and what it creates and removes.
import {
  CreateTrailCommand,
  DeleteTrailCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  LookupEventsCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { GetFindingsCommand, ListDetectorsCommand, ListFindingsCommand } from '@aws-sdk/client-guardduty';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupsForUserCommand,
  ListPolicyVersionsCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  RemoveUserFromGroupCommand,
  UpdateAccessKeyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketTaggingCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ec2TagSpecifications, iamTags, LAB_TAG_KEY, labTags } from '@handson/aws';
import { defineLab, type VarRef } from '../_lib/manifest.mts';
import {
  ATTACKER_INSTANCES_PER_REGION,
  ATTACKER_KEY_NAME,
  ATTACKER_REGIONS,
  ATTACKER_SG_NAME,
  ATTACKER_USER_NAME,
  COLLEAGUE_USER_NAME,
  IAM_POLICY_NAME,
  IAM_USER_NAME,
  IMAGE_NAME_PATTERN,
  POLICY_DOCUMENT,
  SLUG,
} from './lab.mts';
import { DATA_BODY, DATA_KEY, dataSelectors, NOTE_BODY, NOTE_KEY, TRAIL_NAME } from './trail.mts';

const TAG = `tagged ${LAB_TAG_KEY}=${SLUG}`;
const REGIONS = ATTACKER_REGIONS.join(', ');
const whoAmI = () => [new GetCallerIdentityCommand({}), { query: 'Arn', output: 'text' }] as const;
const keysOf = (v: VarRef) => new ListAccessKeysCommand({ UserName: v('EXPOSED_KEY_OWNER') });
const filter = (name: string, value: string) => [{ Name: name, Values: [value] }];

const tagged = [{ Name: `tag:${LAB_TAG_KEY}`, Values: [SLUG] }];

export const LAB = defineLab({
  slug: SLUG,
  title: 'An exposed access key drill',
  blog: { post: 'notes from AKIBA.AWS ONLINE #04', lines: [1280, 1485], chars: 5411 },
  env: { HANDSON_IAM_USER_NAME: `the user whose key leaks (default ${IAM_USER_NAME})` },
  lessons: {
    'history-shows-attack': {
      expect:
        "the event history, searched in every region by the key's id, shows each region the attacker used",
      step: '06-lookup-events',
    },
    'data-events-show-reads': {
      expect:
        "the trail's log files show the leaked key reading the customer list, which the event history never holds",
      step: '06-s3-data-events',
    },
  },
  steps: {
    '01-setup': {
      does:
        `Prepares the user whose key will leak: policy ${IAM_POLICY_NAME} (just what the simulated attack ` +
        `needs), user ${IAM_USER_NAME}, a console password (generated, never printed or kept) and two access ` +
        'keys: the one that leaks and one an application uses, saved owner-only in the work directory; and ' +
        `a colleague, ${COLLEAGUE_USER_NAME}, with a key of its own (no policy), so that rotating every ` +
        "user's keys has more than one user. Run again, it reuses what the lab made (its tag, or its " +
        "records) and makes no key twice; a user or policy of these names that is not the lab's stops it.",
      calls: (v) => [
        new GetCallerIdentityCommand({}),
        new GetPolicyCommand({ PolicyArn: v('IAM_POLICY_ARN') }),
        [
          new CreatePolicyCommand({
            PolicyName: IAM_POLICY_NAME,
            PolicyDocument: JSON.stringify(POLICY_DOCUMENT),
            Tags: iamTags(SLUG),
          }),
          { query: 'Policy.Arn', output: 'text' },
        ],
        new GetUserCommand({ UserName: IAM_USER_NAME }),
        [
          new CreateUserCommand({ UserName: IAM_USER_NAME, Tags: iamTags(SLUG) }),
          { query: 'User.Arn', output: 'text' },
        ],
        new ListAttachedUserPoliciesCommand({ UserName: IAM_USER_NAME }),
        new AttachUserPolicyCommand({ UserName: IAM_USER_NAME, PolicyArn: v('IAM_POLICY_ARN') }),
        new GetLoginProfileCommand({ UserName: IAM_USER_NAME }),
        [
          new CreateLoginProfileCommand({ UserName: IAM_USER_NAME, Password: v('GENERATED_PASSWORD') }),
          { query: 'LoginProfile.UserName', output: 'text' },
        ],
        new ListAccessKeysCommand({ UserName: IAM_USER_NAME }),
        [
          new CreateAccessKeyCommand({ UserName: IAM_USER_NAME }),
          { query: 'AccessKey.[AccessKeyId,Status]', output: 'text' },
        ],
        new GetUserCommand({ UserName: COLLEAGUE_USER_NAME }),
        [
          new CreateUserCommand({ UserName: COLLEAGUE_USER_NAME, Tags: iamTags(SLUG) }),
          { query: 'User.Arn', output: 'text' },
        ],
        [
          new CreateAccessKeyCommand({ UserName: COLLEAGUE_USER_NAME }),
          { query: 'AccessKey.[AccessKeyId,Status]', output: 'text' },
        ],
      ],
      creates: [
        `IAM policy ${IAM_POLICY_NAME} and IAM user ${IAM_USER_NAME} (${TAG}), unless the lab made them already`,
        `a console password and two access keys for ${IAM_USER_NAME}, unless the lab made them already`,
        `IAM user ${COLLEAGUE_USER_NAME} (${TAG}) with one access key, unless the lab made them already`,
      ],
      files: [
        "keys/exposed.json, keys/app.json and keys/colleague.json (owner-only) in the lab's work directory",
      ],
    },
    '01-trail': {
      does:
        'Before anything leaks: a bucket with made-up customer data, a bucket for log files with the policy ' +
        `CloudTrail needs, and trail ${TRAIL_NAME} with one basic event selector (every read and write of the ` +
        "data bucket's objects, no management events: the event history has those), logging. Data events are " +
        'charged on AWS. Run again, it reuses what the lab made; a bucket or trail of these names that is not ' +
        "the lab's stops it.",
      calls: (v) => [
        [new GetCallerIdentityCommand({}), { query: 'Account', output: 'text' }],
        new HeadBucketCommand({ Bucket: v('BUCKET') }),
        new GetBucketTaggingCommand({ Bucket: v('BUCKET') }),
        new CreateBucketCommand({
          Bucket: v('BUCKET'),
          CreateBucketConfiguration: { LocationConstraint: v('REGION') as never },
        }),
        new PutBucketTaggingCommand({ Bucket: v('BUCKET'), Tagging: { TagSet: labTags(SLUG) } }),
        [
          new PutObjectCommand({
            Bucket: v('DATA_BUCKET'),
            Key: DATA_KEY,
            Body: DATA_BODY,
            ContentType: 'text/csv',
          }),
          { files: { Body: 'customers-2021.csv' }, query: 'ETag', output: 'text' },
        ],
        new PutBucketPolicyCommand({ Bucket: v('LOG_BUCKET'), Policy: v('POLICY') }),
        new GetTrailCommand({ Name: TRAIL_NAME }),
        [
          new CreateTrailCommand({
            Name: TRAIL_NAME,
            S3BucketName: v('LOG_BUCKET'),
            TagsList: labTags(SLUG),
          }),
          { query: 'TrailARN', output: 'text' },
        ],
        [
          new PutEventSelectorsCommand({
            TrailName: TRAIL_NAME,
            EventSelectors: dataSelectors(v('DATA_BUCKET')),
          }),
          { query: 'EventSelectors[].DataResources[].Values[]', output: 'text' },
        ],
        new StartLoggingCommand({ Name: TRAIL_NAME }),
        [new GetTrailStatusCommand({ Name: TRAIL_NAME }), { query: 'IsLogging', output: 'text' }],
      ],
      creates: [
        `S3 buckets handson-drill-data-<account> (one small object) and handson-drill-trail-<account> (the log ` +
          `files, with a bucket policy for CloudTrail), ${TAG}, unless the lab made them already`,
        `CloudTrail trail ${TRAIL_NAME} logging S3 data events of the data bucket. Data events are charged: ` +
          'USD 0.10 per 100,000 delivered (https://aws.amazon.com/cloudtrail/pricing/), a few cents at most for ' +
          'this drill, plus S3 storage of the log files until teardown',
      ],
    },
    '02-attacker': {
      does:
        'Plays the attacker with the leaked key: who am I, then a backdoor user with an access key of its ' +
        `own (checked to work), then in ${REGIONS} the newest Amazon Linux image, a key pair, a security ` +
        `group open to ssh and ${ATTACKER_INSTANCES_PER_REGION} instances each. Its calls carry the SDK app ` +
        'id of the attacker, so they stand out in the event history; what it made is logged aside for the ' +
        "report's check. First, as you, it looks for leftovers of an attack that broke off and checks the " +
        'leaked key is still active. Run again after an attack, it reports what the log records and how ' +
        'much of it is left, and attacks no second time.',
      needs: { EXPOSED_ACCESS_KEY_ID: '01-setup', DATA_BUCKET: '01-trail' },
      calls: (v) => [
        // As you: leftovers and the state of the leaked key.
        new ListAccessKeysCommand({ UserName: IAM_USER_NAME }),
        new GetUserCommand({ UserName: ATTACKER_USER_NAME }),
        new DescribeKeyPairsCommand({ Filters: filter('key-name', ATTACKER_KEY_NAME) }),
        new DescribeSecurityGroupsCommand({ Filters: filter('group-name', ATTACKER_SG_NAME) }),
        new DescribeInstancesCommand({
          Filters: [...tagged, ...filter('key-name', ATTACKER_KEY_NAME)],
        }),
        // As the attacker, with the leaked key (and once with the backdoor key: who am I).
        whoAmI(),
        [
          new CreateUserCommand({ UserName: ATTACKER_USER_NAME, Tags: iamTags(SLUG) }),
          { query: 'User.Arn', output: 'text' },
        ],
        [
          new CreateAccessKeyCommand({ UserName: ATTACKER_USER_NAME }),
          { query: 'AccessKey.AccessKeyId', output: 'text' },
        ],
        // The data: S3 data events, which only the trail sees.
        [new ListBucketsCommand({}), { query: 'Buckets[].Name', output: 'text' }],
        [new ListObjectsV2Command({ Bucket: v('DATA_BUCKET') }), { query: 'Contents[].Key', output: 'text' }],
        [
          new GetObjectCommand({ Bucket: v('DATA_BUCKET'), Key: DATA_KEY }),
          { query: '[ContentType,ContentLength]', output: 'text', outfile: 'customers-2021.csv' },
        ],
        [
          new PutObjectCommand({
            Bucket: v('DATA_BUCKET'),
            Key: NOTE_KEY,
            Body: NOTE_BODY,
            ContentType: 'text/plain',
          }),
          { files: { Body: NOTE_KEY }, query: 'ETag', output: 'text' },
        ],
        [
          new DescribeImagesCommand({
            Owners: ['amazon'],
            Filters: [{ Name: 'name', Values: [IMAGE_NAME_PATTERN] }],
          }),
          { query: 'sort_by(Images, &CreationDate)[-1].ImageId', output: 'text' },
        ],
        [
          new CreateKeyPairCommand({
            KeyName: ATTACKER_KEY_NAME,
            TagSpecifications: ec2TagSpecifications(SLUG, ['key-pair']),
          }),
          { query: 'KeyPairId', output: 'text' },
        ],
        [
          new CreateSecurityGroupCommand({
            GroupName: ATTACKER_SG_NAME,
            Description: 'ssh from anywhere',
            TagSpecifications: ec2TagSpecifications(SLUG, ['security-group']),
          }),
          { query: 'GroupId', output: 'text' },
        ],
        [
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: v('GROUP_ID'),
            IpPermissions: [
              { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
            ],
          }),
          { query: 'Return', output: 'text' },
        ],
        [
          new RunInstancesCommand({
            ImageId: v('IMAGE_ID'),
            InstanceType: 't3.micro',
            MinCount: ATTACKER_INSTANCES_PER_REGION,
            MaxCount: ATTACKER_INSTANCES_PER_REGION,
            KeyName: ATTACKER_KEY_NAME,
            SecurityGroupIds: [v('GROUP_ID')],
            TagSpecifications: ec2TagSpecifications(SLUG, ['instance']),
          }),
          { query: 'Instances[].InstanceId', output: 'text' },
        ],
      ],
      creates: [
        `IAM user ${ATTACKER_USER_NAME} with an access key (${TAG}; the key: keys/backdoor.json)`,
        `in each of ${REGIONS}: key pair ${ATTACKER_KEY_NAME}, security group ${ATTACKER_SG_NAME} (ssh from ` +
          `0.0.0.0/0) and ${ATTACKER_INSTANCES_PER_REGION} t3.micro instances, all ${TAG}`,
      ],
      files: ["keys/backdoor.json and keys/attacker-log.json (owner-only) in the lab's work directory"],
    },
    '03-identify-key': {
      does:
        'Step 1 of the response: the notice names the key; get-access-key-last-used tells its owner and ' +
        "where it was last used, and the owner's keys are listed. Run after 04 deleted the key, it says so.",
      needs: { EXPOSED_ACCESS_KEY_ID: '01-setup' },
      calls: (v) => [
        new GetAccessKeyLastUsedCommand({ AccessKeyId: v('EXPOSED_ACCESS_KEY_ID') }),
        [keysOf(v), { output: 'table' }],
      ],
    },
    '04-disable-delete-key': {
      does:
        'Step 2, first thing: makes the key Inactive (it stops at once and could be undone), shows the key ' +
        'refused (InvalidClientTokenId, waiting while IAM spreads the change on AWS), then deletes it. Run ' +
        'again, an Inactive key is not updated twice and a deleted one is reported as deleted.',
      needs: { EXPOSED_ACCESS_KEY_ID: '01-setup', EXPOSED_KEY_OWNER: '03-identify-key' },
      calls: (v) => [
        keysOf(v),
        new UpdateAccessKeyCommand({
          UserName: v('EXPOSED_KEY_OWNER'),
          AccessKeyId: v('EXPOSED_ACCESS_KEY_ID'),
          Status: 'Inactive',
        }),
        // With the exposed key: refused once it is Inactive.
        new GetCallerIdentityCommand({}),
        new DeleteAccessKeyCommand({
          UserName: v('EXPOSED_KEY_OWNER'),
          AccessKeyId: v('EXPOSED_ACCESS_KEY_ID'),
        }),
      ],
    },
    '05-permissions': {
      does:
        "Step 3: what the key could do — the owner's attached policies with their documents, its inline " +
        'policies and groups. That is the reach of the attack, and where to look next.',
      needs: { EXPOSED_KEY_OWNER: '03-identify-key' },
      calls: (v) => [
        [
          new ListAttachedUserPoliciesCommand({ UserName: v('EXPOSED_KEY_OWNER') }),
          { query: 'AttachedPolicies[].PolicyArn', output: 'text' },
        ],
        [
          new GetPolicyCommand({ PolicyArn: v('POLICY_ARN') }),
          { query: 'Policy.DefaultVersionId', output: 'text' },
        ],
        [
          new GetPolicyVersionCommand({ PolicyArn: v('POLICY_ARN'), VersionId: v('VERSION_ID') }),
          { query: 'PolicyVersion.Document' },
        ],
        [
          new ListUserPoliciesCommand({ UserName: v('EXPOSED_KEY_OWNER') }),
          { query: 'PolicyNames', output: 'text' },
        ],
        [
          new ListGroupsForUserCommand({ UserName: v('EXPOSED_KEY_OWNER') }),
          { query: 'Groups[].GroupName', output: 'text' },
        ],
      ],
      files: ["allowed-actions.json in the lab's work directory"],
    },
    '06-lookup-events': {
      does:
        'Step 4: the event history of every region, by access key id (an attacker goes where nobody looks), ' +
        'then the same for every key the attacker made. Prints the events as a table and keeps them.',
      needs: { EXPOSED_ACCESS_KEY_ID: '01-setup' },
      calls: (v) => [
        [new DescribeRegionsCommand({}), { query: 'Regions[].RegionName', output: 'text' }],
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: v('ACCESS_KEY_ID') }],
        }),
      ],
      files: ["findings.json in the lab's work directory"],
    },
    '06-s3-data-events': {
      does:
        'Step 4, inside the bucket: the event history holds no GetObject (management events only); the ' +
        "trail's log files do. Waits for CloudTrail to deliver them (about 5 minutes on AWS), reads every " +
        'file, and shows the reads and writes of the leaked key and the keys it made, as a table it keeps.',
      needs: {
        EXPOSED_ACCESS_KEY_ID: '01-setup',
        LOG_BUCKET: '01-trail',
        TRAIL_ARN: '01-trail',
        ATTACKER_KEYS: '06-lookup-events',
      },
      calls: (v) => [
        [
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetObject' }],
          }),
          { query: 'length(Events)', output: 'text' },
        ],
        [
          new ListObjectsV2Command({ Bucket: v('LOG_BUCKET'), Prefix: v('PREFIX') }),
          { query: 'Contents[].[Key,Size]', output: 'text' },
        ],
        [
          new GetObjectCommand({ Bucket: v('LOG_BUCKET'), Key: v('KEY') }),
          { query: '[ContentType,ContentEncoding,ContentLength]', output: 'text', outfile: v('FILE') },
        ],
      ],
      files: ["data-events.json in the lab's work directory"],
    },
    '07-guardduty': {
      does:
        'What a detector says about the key. On a real account GuardDuty itself, read-only, in every region ' +
        'the events showed and us-east-1: its detector, the findings that name the leaked key or a key it ' +
        'made, and the regions with no detector (they were not watched). On the sandbox GuardDuty-style ' +
        'findings simulated from the kept events by documented rules (@handson/lab-helpers incident/guardduty-style.ts: ' +
        'first calls of an API per key, by tactic, per region, and the attack sequence they make); findings ' +
        'that need network data (CryptoCurrency:EC2/BitcoinTool.B) are named as not simulated.',
      needs: { EXPOSED_ACCESS_KEY_ID: '01-setup', ATTACKER_KEYS: '06-lookup-events' },
      calls: (v) => [
        [new ListDetectorsCommand({}), { query: 'DetectorIds', output: 'text' }],
        new ListFindingsCommand({
          DetectorId: v('DETECTOR_ID'),
          FindingCriteria: {
            Criterion: { 'resource.accessKeyDetails.accessKeyId': { Eq: [v('EXPOSED_ACCESS_KEY_ID')] } },
          },
        }),
        [
          new GetFindingsCommand({ DetectorId: v('DETECTOR_ID'), FindingIds: [v('FINDING_ID')] }),
          { query: 'Findings[].[Type,Severity,Service.Count]', output: 'text' },
        ],
      ],
      files: ["guardduty-findings.json in the lab's work directory"],
    },
    '08-remove-resources': {
      does:
        'Step 5: removes what the events show the attacker made, region by region — instances (waiting ' +
        'until they are terminated), key pairs, security groups — then the backdoor user with its keys. ' +
        'Run again, what is gone already is said so and skipped.',
      needs: { ATTACKER_KEYS: '06-lookup-events' },
      calls: (v) => [
        new DescribeInstancesCommand({ Filters: filter('instance-id', v('INSTANCE_ID')) }),
        [
          new TerminateInstancesCommand({ InstanceIds: [v('INSTANCE_ID')] }),
          { query: 'TerminatingInstances[].[InstanceId,CurrentState.Name]', output: 'text' },
        ],
        [
          new DescribeInstancesCommand({ InstanceIds: [v('INSTANCE_ID')] }),
          { query: 'Reservations[].Instances[].[InstanceId,State.Name]', output: 'text' },
        ],
        new DescribeKeyPairsCommand({ Filters: filter('key-name', ATTACKER_KEY_NAME) }),
        new DeleteKeyPairCommand({ KeyName: ATTACKER_KEY_NAME }),
        new DescribeSecurityGroupsCommand({ Filters: filter('group-id', v('GROUP_ID')) }),
        new DeleteSecurityGroupCommand({ GroupId: v('GROUP_ID') }),
        new GetUserCommand({ UserName: ATTACKER_USER_NAME }),
        [
          new ListAccessKeysCommand({ UserName: ATTACKER_USER_NAME }),
          { query: 'AccessKeyMetadata[].AccessKeyId', output: 'text' },
        ],
        new DeleteAccessKeyCommand({ UserName: ATTACKER_USER_NAME, AccessKeyId: v('ACCESS_KEY_ID') }),
        new DeleteLoginProfileCommand({ UserName: ATTACKER_USER_NAME }),
        new ListAttachedUserPoliciesCommand({ UserName: ATTACKER_USER_NAME }),
        new DetachUserPolicyCommand({ UserName: ATTACKER_USER_NAME, PolicyArn: v('POLICY_ARN') }),
        new DeleteUserCommand({ UserName: ATTACKER_USER_NAME }),
        [new ListUsersCommand({}), { query: 'Users[].UserName', output: 'text' }],
      ],
      files: ["removed.json in the lab's work directory"],
    },
    '09-billing': {
      does:
        'The billing check (the notes: it can lag a day). On a real account Cost Explorer, read-only, by ' +
        'service and day from the first event (each request costs USD 0.01). On the sandbox an estimate of ' +
        "the attacker's instances: type from each RunInstances event, running time from RunInstances to " +
        "TerminateInstances on the sandbox's clock, at On-Demand Linux prices whose source it prints " +
        '(per-second billing, 60 s minimum), and what 30 days unnoticed would have cost.',
      needs: { ATTACKER_KEYS: '06-lookup-events' },
      calls: (v) => [
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: v('INSTANCE_ID') }],
        }),
        [
          new GetCostAndUsageCommand({
            TimePeriod: { Start: v('FIRST_DAY'), End: v('TOMORROW') },
            Granularity: 'DAILY',
            Metrics: ['UnblendedCost'],
            GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
          }),
          {
            query: 'ResultsByTime[].[TimePeriod.Start, Groups[].[Keys[0], Metrics.UnblendedCost.Amount]]',
            output: 'text',
          },
        ],
      ],
      files: ["bill.json in the lab's work directory"],
    },
    '10-rotate': {
      does:
        "Step 6, every user's keys: each key of the lab's users (the owner and a colleague) gets a successor " +
        "(handed to the application's key file and checked to work), then the old key goes Inactive and is " +
        'deleted; each console password is replaced, to be changed at the next sign-in. Every other user of ' +
        'the account, and the root user, are lines of the rotation report for you to act on: the drill does ' +
        'not rotate keys it did not make. Run again, nothing is rotated twice.',
      needs: { EXPOSED_KEY_OWNER: '03-identify-key', EXPOSED_ACCESS_KEY_ID: '01-setup' },
      calls: (v) => [
        keysOf(v),
        [new ListUsersCommand({}), { query: 'Users[].UserName', output: 'text' }],
        new GetUserCommand({ UserName: v('USER_NAME') }),
        [
          new ListAccessKeysCommand({ UserName: v('USER_NAME') }),
          { query: 'AccessKeyMetadata[].[AccessKeyId,Status]', output: 'text' },
        ],
        [
          new CreateAccessKeyCommand({ UserName: v('USER_NAME') }),
          { query: 'AccessKey.[AccessKeyId,Status]', output: 'text' },
        ],
        // With the new key: it works before the old one stops.
        new GetCallerIdentityCommand({}),
        new UpdateAccessKeyCommand({
          UserName: v('USER_NAME'),
          AccessKeyId: v('OLD_ACCESS_KEY_ID'),
          Status: 'Inactive',
        }),
        new DeleteAccessKeyCommand({ UserName: v('USER_NAME'), AccessKeyId: v('OLD_ACCESS_KEY_ID') }),
        new GetLoginProfileCommand({ UserName: v('USER_NAME') }),
        new UpdateLoginProfileCommand({
          UserName: v('USER_NAME'),
          Password: v('GENERATED_PASSWORD'),
          PasswordResetRequired: true,
        }),
      ],
      creates: ["a new access key for each key of the lab's users (the old one is deleted)"],
      files: ["keys/app.json and keys/colleague.json (owner-only, the new keys) in the lab's work directory"],
    },
    '11-report': {
      does:
        'Step 7: the report — events and what was removed per region, the backdoor user, source IPs, user ' +
        'agents, rotated and current keys of both lab users, the GuardDuty findings and the bill — then the ' +
        'check this drill can make: what the events showed is exactly what the attacker did, and none of it ' +
        "is left. Last, the incident's timeline from the events: the attacker's calls and the response's " +
        'changes (read back by the key, the backdoor user and each instance), a row per region.',
      needs: {
        EXPOSED_ACCESS_KEY_ID: '01-setup',
        EXPOSED_KEY_OWNER: '03-identify-key',
        ATTACKER_KEYS: '06-lookup-events',
        ROTATED_KEYS: '10-rotate',
      },
      calls: (v) => [
        new DescribeInstancesCommand({ Filters: filter('instance-id', v('INSTANCE_ID')) }),
        new DescribeKeyPairsCommand({ KeyNames: [ATTACKER_KEY_NAME] }),
        new DescribeSecurityGroupsCommand({ GroupIds: [v('GROUP_ID')] }),
        new GetUserCommand({ UserName: ATTACKER_USER_NAME }),
        keysOf(v),
        new ListAccessKeysCommand({ UserName: COLLEAGUE_USER_NAME }),
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: v('RESOURCE_NAME') }],
        }),
      ],
      files: ["incident-timeline.svg (the picture) in the lab's work directory"],
    },
  },
  teardown: {
    does:
      "Removes everything the lab and its attacker made, whatever step a run stopped at: the lab's tagged " +
      'instances, key pairs and security groups in every region, its three users with their keys, password and ' +
      "policies, the policy, and the lab's files. A user or policy of these names without the lab's tag " +
      'stays. Safe to run again.',
    calls: (v) => [
      new DescribeRegionsCommand({}),
      new DescribeInstancesCommand({ Filters: tagged }),
      new TerminateInstancesCommand({ InstanceIds: [v('INSTANCE_ID')] }),
      new DescribeKeyPairsCommand({ Filters: tagged }),
      new DeleteKeyPairCommand({ KeyName: v('KEY_NAME') }),
      new DescribeSecurityGroupsCommand({ Filters: tagged }),
      new DeleteSecurityGroupCommand({ GroupId: v('GROUP_ID') }),
      new GetUserCommand({ UserName: v('USER_NAME') }),
      new GetCallerIdentityCommand({}),
      new GetPolicyCommand({ PolicyArn: v('IAM_POLICY_ARN') }),
      new ListAccessKeysCommand({ UserName: v('USER_NAME') }),
      new DeleteAccessKeyCommand({ UserName: v('USER_NAME'), AccessKeyId: v('ACCESS_KEY_ID') }),
      new DeleteLoginProfileCommand({ UserName: v('USER_NAME') }),
      new ListAttachedUserPoliciesCommand({ UserName: v('USER_NAME') }),
      new DetachUserPolicyCommand({ UserName: v('USER_NAME'), PolicyArn: v('IAM_POLICY_ARN') }),
      // @handson/aws's removeResource('iam:user'): everything IAM requires gone before the user, there or not.
      new ListUserPoliciesCommand({ UserName: v('USER_NAME') }),
      new DeleteUserPolicyCommand({ UserName: v('USER_NAME'), PolicyName: v('POLICY_NAME') }),
      new ListGroupsForUserCommand({ UserName: v('USER_NAME') }),
      new RemoveUserFromGroupCommand({ UserName: v('USER_NAME'), GroupName: v('GROUP_NAME') }),
      new DeleteUserCommand({ UserName: v('USER_NAME') }),
      // removeResource('iam:policy'): detached from whatever still has it, its old versions first.
      new ListEntitiesForPolicyCommand({ PolicyArn: v('IAM_POLICY_ARN') }),
      new DetachRolePolicyCommand({ RoleName: v('ROLE_NAME'), PolicyArn: v('IAM_POLICY_ARN') }),
      new DetachGroupPolicyCommand({ GroupName: v('GROUP_NAME'), PolicyArn: v('IAM_POLICY_ARN') }),
      new ListPolicyVersionsCommand({ PolicyArn: v('IAM_POLICY_ARN') }),
      new DeletePolicyVersionCommand({ PolicyArn: v('IAM_POLICY_ARN'), VersionId: v('VERSION_ID') }),
      new DeletePolicyCommand({ PolicyArn: v('IAM_POLICY_ARN') }),
      new GetTrailCommand({ Name: TRAIL_NAME }),
      new StopLoggingCommand({ Name: TRAIL_NAME }),
      new DeleteTrailCommand({ Name: TRAIL_NAME }),
      new HeadBucketCommand({ Bucket: v('BUCKET') }),
      new GetBucketTaggingCommand({ Bucket: v('BUCKET') }),
      new ListObjectsV2Command({ Bucket: v('BUCKET') }),
      new DeleteObjectsCommand({ Bucket: v('BUCKET'), Delete: { Objects: [{ Key: v('KEY') }] } }),
      new DeleteBucketCommand({ Bucket: v('BUCKET') }),
    ],
    removes: [
      `CloudTrail trail ${TRAIL_NAME} (when the lab recorded it) and the lab's two S3 buckets with every object in them, when they carry the lab's tag`,
      `in every region: instances, key pairs and security groups ${TAG}`,
      `IAM users ${IAM_USER_NAME}, ${COLLEAGUE_USER_NAME} and ${ATTACKER_USER_NAME} (with keys, password, policies and group memberships) and ` +
        `policy ${IAM_POLICY_NAME}, when they carry the lab's tag`,
      "the lab's work directory: keys, findings, variables",
    ],
  },
});
