// What every script of Lab 06 shares: its slug, its names, the regions the drill covers. Clients per region,
// the region line and the password generator are in @handson/lab-helpers/drill, which the notebook imports too.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  type Filter,
  type Instance,
} from '@aws-sdk/client-ec2';
import { GetUserCommand, type User } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  type AwsClients,
  clients,
  clientsFor,
  isNotFound,
  type OutputOf,
  type SdkCommand,
} from '@handson/aws';
import { allPages } from '@handson/cli';
import {
  aws,
  formatDuration,
  LabStepError,
  labVars,
  retryWhile,
  type StepOptions,
  type StepResult,
  waitFor,
  workDir,
} from '@handson/labkit';
import { invocation } from '../_lib/invocation.mts';
import { labVarNeeded } from '../_lib/lab-vars.mts';
import { labOwnership } from '../_lib/ownership.mts';

export { generatePassword, regionClients, sayRegion } from '@handson/lab-helpers/drill';

export const SLUG = '06-access-key-exposure-drill';
export const vars = labVars(SLUG);

/** The user whose access key "leaked" (HANDSON_IAM_USER_NAME changes it). */
export const IAM_USER_NAME = process.env.HANDSON_IAM_USER_NAME ?? 'handson-drill-exposed-user';
/** The customer managed policy that lets the user do what the attacker does (it is a drill). */
export const IAM_POLICY_NAME = 'handson-drill-exposed-policy';
/** What the simulated attacker names its persistence user, key pair, security group. */
export const ATTACKER_USER_NAME = 'handson-drill-backdoor';
/** A second user of the lab with a key of its own: the notes say to rotate every user's keys, not one. */
export const COLLEAGUE_USER_NAME = 'handson-drill-colleague';
export const ATTACKER_KEY_NAME = 'handson-drill-miner-key';
export const ATTACKER_SG_NAME = 'handson-drill-miner-sg';
/** Where the attacker runs instances, and so where the drill must look (it looks in every region). */
export const ATTACKER_REGIONS = ['ap-northeast-1', 'us-east-1', 'eu-west-1'] as const;
export const ATTACKER_INSTANCES_PER_REGION = 2;
/** The attacker's SDK app id (`app/...` in its user agent), so its calls stand out in the event history. */
export const ATTACKER_APP_ID = 'handson-drill-attacker';
export const IMAGE_NAME_PATTERN = 'al2023-ami-2023*-kernel-6.1-x86_64';

/** The lab's files: the keys (owner-only) and what the drill found. */
export const dirKeys = () => workDir(SLUG, 'keys');
export const dirWork = () => workDir(SLUG);

/** The IAM policy of the exposed user: enough for the attack, nothing more. */
export const POLICY_DOCUMENT = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DrillPersistence',
      Effect: 'Allow',
      Action: ['iam:CreateUser', 'iam:TagUser', 'iam:CreateAccessKey', 'iam:GetUser'],
      Resource: '*',
    },
    {
      Sid: 'DrillDataList',
      Effect: 'Allow',
      Action: ['s3:ListAllMyBuckets'],
      Resource: '*',
    },
    {
      Sid: 'DrillData',
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:GetObject', 's3:PutObject'],
      Resource: ['arn:aws:s3:::handson-drill-data-*', 'arn:aws:s3:::handson-drill-data-*/*'],
    },
    {
      Sid: 'DrillCompute',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeRegions',
        'ec2:DescribeImages',
        'ec2:DescribeInstances',
        'ec2:CreateKeyPair',
        'ec2:CreateSecurityGroup',
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:RunInstances',
        'ec2:CreateTags',
      ],
      Resource: '*',
    },
  ],
};

/** A key as the lab keeps it (owner-only JSON files), read back. */
export interface KeyFile {
  AccessKeyId: string;
  SecretAccessKey: string;
  UserName: string;
}

/** Every region the account can use, as `aws ec2 describe-regions` lists them. */
export async function allRegions(): Promise<string[]> {
  const out = await clientsFor().ec2.send(new DescribeRegionsCommand({}));
  return (out.Regions ?? []).map((r) => r.RegionName as string).sort();
}

/** Writes a JSON file owner-only (keys, findings). */
export function writePrivate(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export const keyFile = (name: string) => join(dirKeys(), `${name}.json`);
export const findingsFile = () => join(dirWork(), 'findings.json');
export const guardDutyFile = () => join(dirWork(), 'guardduty-findings.json');
export const billFile = () => join(dirWork(), 'bill.json');
export const dataEventsFile = () => join(dirWork(), 'data-events.json');
export const timelineFile = () => join(dirWork(), 'incident-timeline.svg');
/** What the simulated attacker really did, written by 02-attacker when its attack is complete. */
export const attackerLogFile = () => keyFile('attacker-log');

/** One event the drill found, as 06-lookup-events.mts keeps it. */
export interface Finding {
  Region: string;
  EventName: string;
  EventTime: string;
  SourceIPAddress: string;
  UserAgent: string;
  AccessKeyId: string;
  Username: string;
  ErrorCode?: string;
  Resources: { Type: string; Name: string }[];
}

/** What the attacker made, as the drill reads it from the events (or as the attacker's own log says). */
export interface Made {
  users: string[];
  accessKeys: string[];
  regions: Record<string, { instances: string[]; keyPairs: string[]; securityGroups: string[] }>;
}

/** The resources the events show the attacker created, region by region (only calls that succeeded). */
export function madeBy(findings: Finding[]): Made {
  const made: Made = { users: [], accessKeys: [], regions: {} };
  const add = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value);
  };
  for (const f of findings) {
    if (f.ErrorCode) continue;
    const of = (type: string) => f.Resources.filter((r) => r.Type === type).map((r) => r.Name);
    const region = () => {
      made.regions[f.Region] ??= { instances: [], keyPairs: [], securityGroups: [] };
      return made.regions[f.Region] as Made['regions'][string];
    };
    switch (f.EventName) {
      case 'CreateUser':
        for (const name of of('AWS::IAM::User')) add(made.users, name);
        break;
      case 'CreateAccessKey':
        for (const id of of('AWS::IAM::AccessKey')) add(made.accessKeys, id);
        break;
      case 'RunInstances':
        for (const id of of('AWS::EC2::Instance')) add(region().instances, id);
        break;
      case 'CreateKeyPair':
        // Both the name and the id are listed; key pairs are deleted by name.
        for (const name of of('AWS::EC2::KeyPair').filter((n) => !n.startsWith('key-')))
          add(region().keyPairs, name);
        break;
      case 'CreateSecurityGroup':
        for (const id of of('AWS::EC2::SecurityGroup').filter((n) => n.startsWith('sg-')))
          add(region().securityGroups, id);
        break;
    }
  }
  return made;
}

/** A lab variable an earlier step sets; without it, one line naming the step to run first. */
export const need = labVarNeeded(SLUG, vars);

/** A file an earlier step wrote (a key, the findings); when it is missing, the step to run first is named. */
export function readLabFile<T>(path: string, setBy: string): T {
  if (!existsSync(path)) throw new LabStepError(`${path} is missing: run ${invocation(SLUG, setBy)} first.`);
  return readJson<T>(path);
}

export const { isOurs, notOurs } = labOwnership(SLUG);

/** An IAM user with its tags, or undefined when there is none of that name. */
export async function findUser(UserName: string): Promise<User | undefined> {
  return clients()
    .iam.send(new GetUserCommand({ UserName }))
    .then(
      (out) => out.User,
      (error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      },
    );
}

/** The ARN the lab's policy has (or would have) in the caller's account and partition. */
export async function policyArn(): Promise<string> {
  const { Arn, Account } = await clients().sts.send(new GetCallerIdentityCommand({}));
  const partition = Arn?.split(':')[1] ?? 'aws';
  return `arn:${partition}:iam::${Account}:policy/${IAM_POLICY_NAME}`;
}

/** Instances matching `filters` that are not terminated yet, every page read. */
export async function liveInstances(set: AwsClients, filters: Filter[]): Promise<Instance[]> {
  const out = await allPages<{ Reservations?: { Instances?: Instance[] }[] }>(
    set.ec2,
    new DescribeInstancesCommand({ Filters: filters }),
  );
  return (out.Reservations ?? [])
    .flatMap((r) => r.Instances ?? [])
    .filter((i) => i.State?.Name !== 'terminated');
}

/**
 * Waits until `check` says yes: silently when it already does (the sandbox moves on with each request),
 * else announced and with progress (AWS takes a minute or two to terminate an instance).
 */
export async function waitUntil(what: string, check: () => Promise<boolean>, maxMs = 600_000): Promise<void> {
  if (await check()) return;
  const { done } = await waitFor({ what, ms: maxMs, pollMs: 5000, until: check });
  if (!done) {
    throw new LabStepError(
      `gave up after ${formatDuration(maxMs)} waiting for ${what}: run the step again later.`,
    );
  }
}

/** What IAM answers for a key it has not spread to every endpoint yet (a few seconds on AWS). */
export const KEY_NOT_YET = ['InvalidClientTokenId'];

/**
 * `aws(...)` with a key IAM made moments ago: retried while AWS does not know the key yet. Only the last
 * attempt's transcript is printed, so the command shows once, with the answer that counted.
 */
export async function awsWithNewKey<C extends SdkCommand>(
  command: C,
  options: StepOptions,
  what: string,
): Promise<StepResult<OutputOf<C>>> {
  let printed = '';
  const attempt = () => {
    printed = '';
    return aws(command, {
      ...options,
      write: (text) => {
        printed += text;
      },
    });
  };
  try {
    return await retryWhile(attempt, { what, codes: KEY_NOT_YET, maxMs: 120_000, pollMs: 5000 });
  } finally {
    process.stdout.write(printed);
  }
}
