import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudTrailClient, DescribeTrailsCommand, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandOutput,
  DescribeKeyPairsCommand,
  type DescribeKeyPairsCommandOutput,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsCommandOutput,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  IAMClient,
  ListPoliciesCommand,
  type ListPoliciesCommandOutput,
  ListUsersCommand,
  type ListUsersCommandOutput,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { allPages } from '@handson/cli';
import { checkNotebook, describeCheck, readNotebook } from '@handson/notebook';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCliProof } from './cli-proof';
import { describeLabContract, expectSafeReruns } from './lab-contract';
import { explain, LabWorld, onceCells, ROOT, rerunsOf, type ScriptRun } from './run-lab';

/* Lab 06: the exposed-key drill's scripts and teardown on a private sandbox, twice in a row. */

const SLUG = '06-access-key-exposure-drill';
const ATTACK_REGIONS = ['ap-northeast-1', 'eu-west-1', 'us-east-1'];
let world: LabWorld;
beforeAll(async () => {
  world = await LabWorld.start(SLUG);
});
afterAll(() => world?.close());

const admin = { accessKeyId: 'test', secretAccessKey: 'test' };
const config = (region: string) => ({ endpoint: world.sandbox.url, region, credentials: admin });
const iam = () => new IAMClient(config('us-east-1'));
const ec2 = (region: string) => new EC2Client(config(region));
const tagged = [{ Name: 'tag:handson:lab', Values: [SLUG] }];

interface Truth {
  users: string[];
  accessKeys: string[];
  regions: Record<string, { instances: string[]; keyPairs: string[]; securityGroups: string[] }>;
}

/** What is left of the lab anywhere: users, the policy, and tagged EC2 resources in every region. */
async function leftovers(): Promise<string[]> {
  const left: string[] = [];
  const users = await allPages<ListUsersCommandOutput>(iam(), new ListUsersCommand({}));
  for (const u of users.Users ?? []) left.push(`user ${u.UserName}`);
  const policies = await allPages<ListPoliciesCommandOutput>(
    iam(),
    new ListPoliciesCommand({ Scope: 'Local' }),
  );
  for (const p of policies.Policies ?? []) left.push(`policy ${p.PolicyName}`);
  const s3 = new S3Client({ ...config('ap-northeast-1'), forcePathStyle: true });
  for (const b of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) left.push(`bucket ${b.Name}`);
  const trails = await new CloudTrailClient(config('ap-northeast-1')).send(new DescribeTrailsCommand({}));
  for (const t of trails.trailList ?? []) left.push(`trail ${t.Name}`);
  const regions = (await ec2('us-east-1').send(new DescribeRegionsCommand({}))).Regions ?? [];
  for (const { RegionName } of regions) {
    const c = ec2(RegionName as string);
    const described = await allPages<DescribeInstancesCommandOutput>(
      c,
      new DescribeInstancesCommand({ Filters: tagged }),
    );
    const instances = (described.Reservations ?? [])
      .flatMap((r) => r.Instances ?? [])
      .filter((i) => i.State?.Name !== 'terminated');
    for (const i of instances) left.push(`instance ${i.InstanceId} in ${RegionName}`);
    for (const k of (
      await allPages<DescribeKeyPairsCommandOutput>(c, new DescribeKeyPairsCommand({ Filters: tagged }))
    ).KeyPairs ?? [])
      left.push(`key pair ${k.KeyName} in ${RegionName}`);
    const groups = await allPages<DescribeSecurityGroupsCommandOutput>(
      c,
      new DescribeSecurityGroupsCommand({ Filters: tagged }),
    );
    for (const g of groups.SecurityGroups ?? []) left.push(`security group ${g.GroupId} in ${RegionName}`);
  }
  return left;
}

describe('Lab 06 scripts on the sandbox', () => {
  let steps: ScriptRun[];
  let truth: Truth;
  let out: (script: string) => string;
  beforeAll(async () => {
    const { steps: runs } = world.scripts();
    steps = [];
    for (const step of runs) {
      const r = await world.run(step);
      steps.push(r);
      if (step === '02-attacker.mts' && r.code === 0) {
        const file = join(world.env.HANDSON_WORK_DIR!, SLUG, 'keys', 'attacker-log.json');
        truth = JSON.parse(readFileSync(file, 'utf8'));
      }
      if (r.code !== 0) break;
    }
    out = (script) => steps.find((s) => s.script === script)?.stdout ?? '';
  }, 600_000);

  it('runs every step', () => {
    for (const run of steps) expect(run.code, explain(run)).toBe(0);
    expect(steps.map((r) => r.script)).toEqual([
      '01-setup.mts',
      '01-trail.mts',
      '02-attacker.mts',
      '03-identify-key.mts',
      '04-disable-delete-key.mts',
      '05-permissions.mts',
      '06-lookup-events.mts',
      '06-s3-data-events.mts',
      '07-guardduty.mts',
      '08-remove-resources.mts',
      '09-billing.mts',
      '10-rotate.mts',
      '11-report.mts',
    ]);
  });

  it('has the attacker persist and mine in three regions', () => {
    expect(truth.users).toEqual(['handson-drill-backdoor']);
    expect(truth.accessKeys).toHaveLength(1);
    expect(Object.keys(truth.regions).sort()).toEqual(ATTACK_REGIONS);
    for (const r of Object.values(truth.regions)) {
      expect(r.instances).toHaveLength(2);
      expect(r.keyPairs).toEqual(['handson-drill-miner-key']);
      expect(r.securityGroups).toHaveLength(1);
    }
  });

  it('finds the owner, then makes the key Inactive, shows it refused, and deletes it', () => {
    expect(out('03-identify-key.mts')).toContain('"UserName": "handson-drill-exposed-user"');
    const disable = out('04-disable-delete-key.mts');
    expect(disable).toMatch(/--status Inactive\n[\s\S]*\nInactive\n/);
    expect(disable).toContain(
      'An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.',
    );
    expect(disable.indexOf('InvalidClientTokenId')).toBeLessThan(
      disable.indexOf('aws iam delete-access-key'),
    );
  });

  it('lists what the key was allowed to do', () => {
    expect(out('05-permissions.mts')).toContain('"ec2:RunInstances"');
    expect(out('05-permissions.mts')).toContain('"iam:CreateAccessKey"');
  });

  it('finds every attacker call in every region where it happened, with time, source IP and region', () => {
    const lookup = out('06-lookup-events.mts');
    // What the sandbox answered for each key while the attacker ran, region by region: the history must hold
    // exactly those calls (with small pages, one listing is several calls).
    const exposed = /AttributeValue=(AKIA\w+)/.exec(lookup)?.[1];
    const attack = world.runLog.find((r) => r.script === '02-attacker.mts')!.requests;
    const byRegion = (key: string | undefined) => {
      const counts = new Map<string, number>();
      for (const r of attack.filter((r) => r.accessKeyId === key)) {
        // S3's object calls are data events: the event history never holds them.
        if (r.service === 's3' && r.operation !== 'ListBuckets') continue;
        // IAM is global, and so is ListBuckets: CloudTrail records them in us-east-1, whatever region the client named.
        const region = r.service === 'iam' || r.service === 's3' ? 'us-east-1' : r.region;
        counts.set(region, (counts.get(region) ?? 0) + 1);
      }
      return counts;
    };
    const exposedCalls = byRegion(exposed);
    expect([...exposedCalls.keys()].sort()).toEqual(ATTACK_REGIONS);
    for (const [region, n] of exposedCalls) expect(lookup).toMatch(new RegExp(`^${region}\t${n}$`, 'm'));
    // The persistence key is searched too: its one call, in us-east-1.
    expect(lookup).toContain(`AttributeValue=${truth.accessKeys[0]}`);
    expect([...byRegion(truth.accessKeys[0])]).toEqual([['us-east-1', 1]]);
    expect(lookup).toMatch(/^us-east-1\t1$/m);
    for (const region of ATTACK_REGIONS) {
      expect(lookup).toMatch(
        new RegExp(`\\|\\s+RunInstances\\s+\\|\\s+\\S+Z \\|\\s+${region}\\s+\\|\\s+127\\.0\\.0\\.1\\s+\\|`),
      );
    }
    const total = [...exposedCalls.values()].reduce((a, b) => a + b, 0) + 1;
    expect(lookup).toContain(`# ${total} events in 3 regions: ap-northeast-1, eu-west-1, us-east-1`);
  });

  it("reads what the leaked key read and wrote from the trail's log files, which the event history never shows", () => {
    const trail = out('01-trail.mts');
    expect(trail).toContain('aws cloudtrail create-trail');
    expect(trail).toMatch(/--body \S*customers-2021\.csv/);
    expect(trail).toMatch(/^arn:aws:s3:::handson-drill-data-123456789012\/$/m);
    expect(trail).toMatch(/get-trail-status[\s\S]*\nTrue\n/);
    expect(out('02-attacker.mts')).toContain('customers-2021.csv\ntext/csv\t');
    const data = out('06-s3-data-events.mts');
    const exposed = /AttributeValue=(AKIA\w+)/.exec(out('06-lookup-events.mts'))?.[1];
    // The event history answers no GetObject at all: data events are not management events.
    expect(data).toMatch(/--lookup-attributes AttributeKey=EventName,AttributeValue=GetObject[\s\S]*?\n0\n/);
    expect(data).toMatch(
      /^AWSLogs\/123456789012\/CloudTrail\/ap-northeast-1\/\d{4}\/\d\d\/\d\d\/123456789012_CloudTrail_ap-northeast-1_\d{8}T\d{4}Z_\w{16}\.json\.gz\t\d+$/m,
    );
    expect(data).toContain('application/json\tgzip\t');
    // The CLI's table orders the columns by name: AccessKeyId, BytesIn, BytesOut, EventName, EventTime, Key.
    const row = (name: string, key: string) =>
      new RegExp(
        `\\|\\s+${exposed}\\|[^\\n]*\\|\\s+${name}\\s+\\|\\s+\\S+Z\\s+\\|\\s+${key.replace(/[.*]/g, '\\$&')}\\s+\\|`,
      );
    expect(data).toMatch(row('GetObject', 'customers/customers-2021.csv'));
    expect(data).toMatch(row('PutObject', 'README-restore-your-data.txt'));
    expect(data).toMatch(row('ListObjects(V2)?', '*'));
    expect(data).toMatch(
      /# 3 data events of the incident's keys in \d+ log file\(s\): 1 read\(s\) of customers\/customers-2021\.csv, 1 object\(s\) written/,
    );
  });

  it('removes what the attacker made in every region, and the persistence user', () => {
    const removed = out('08-remove-resources.mts');
    for (const [region, r] of Object.entries(truth.regions)) {
      expect(removed).toContain(`$ export AWS_DEFAULT_REGION=${region}`);
      for (const id of r.instances) expect(removed).toContain(`${id}\tterminated`);
      for (const id of r.securityGroups) expect(removed).toContain(`--group-id ${id}`);
    }
    expect(removed).toContain('aws iam delete-user \\\n  --user-name handson-drill-backdoor');
    expect(removed).toContain(`--access-key-id ${truth.accessKeys[0]}`);
  });

  it("rotates every lab user's keys, replaces the password, and reports every user and root", () => {
    const rotate = out('10-rotate.mts');
    expect(rotate).toContain('--password-reset-required');
    expect(rotate).toContain('# 2 key(s) of 2 users rotated');
    for (const user of ['handson-drill-exposed-user', 'handson-drill-colleague']) {
      expect(rotate).toContain(`aws iam create-access-key \\\n  --user-name ${user}`);
      expect(rotate).toMatch(new RegExp(`\\|\\s+AKIA\\w+ -> AKIA\\w+\\s+\\|\\s+${user}\\s+\\|`));
    }
    expect(rotate).toMatch(/\|\s+\(root\)\s+\|/);
    // Only the owner can sign in to the console: one password replaced.
    expect(rotate.match(/aws iam update-login-profile/g)).toHaveLength(1);
  });

  it('simulates GuardDuty findings from the events, by the documented rules', () => {
    const gd = out('07-guardduty.mts');
    const exposed = /AttributeValue=(AKIA\w+)/.exec(out('06-lookup-events.mts'))?.[1];
    const row = (type: string, region: string, key: string | undefined) =>
      new RegExp(
        `\\|\\s+${key}\\|[^\\n]*\\|\\s+${region}\\s+\\|[^\\n]*\\|\\s+${type.replace('/', '\\/')}\\s+\\|`,
      );
    expect(gd).toMatch(row('AttackSequence:IAM/CompromisedCredentials', 'us-east-1', exposed));
    expect(gd).toMatch(row('Impact:IAMUser/AnomalousBehavior', 'ap-northeast-1', exposed));
    expect(gd).toMatch(row('Persistence:IAMUser/AnomalousBehavior', 'us-east-1', exposed));
    expect(gd).toMatch(row('Discovery:IAMUser/AnomalousBehavior', 'us-east-1', truth.accessKeys[0]));
    expect(gd).toContain('# not simulated: CryptoCurrency:EC2/BitcoinTool.B');
    // Computed from the events alone: the step sends nothing.
    expect(world.runLog.find((r) => r.script === '07-guardduty.mts')!.requests).toEqual([]);
  });

  it("estimates the bill from each instance's type and its running time in the event history", () => {
    const bill = out('09-billing.mts');
    for (const [region, r] of Object.entries(truth.regions)) {
      for (const id of r.instances)
        expect(bill).toMatch(
          new RegExp(`\\|\\s+\\d+\\s+\\|\\s+${id}\\s+\\|\\s+${region}\\s+\\|\\s+t3\\.micro\\s+\\|`),
        );
    }
    const seconds = [...bill.matchAll(/^\|\s+(\d+)\s+\|\s+i-/gm)].map((m) => Number(m[1]));
    expect(seconds).toHaveLength(6);
    for (const s of seconds) expect(s).toBeGreaterThanOrEqual(60);
    const total =
      /# estimated: USD (\d+\.\d{6}) for 6 instances; unnoticed for 30 days: USD (\d+\.\d\d)/.exec(bill);
    expect(total).not.toBeNull();
    // 30 days of two t3.micro in each of the three regions, at the table's prices.
    expect(Number(total![2])).toBeCloseTo(2 * 720 * (0.0136 + 0.0114 + 0.0104), 2);
    expect(bill).toContain('https://aws.amazon.com/ec2/pricing/on-demand/');
  });

  it('ends with a report that matches what the attacker did', () => {
    const report = out('11-report.mts');
    expect(report).toContain('# ✔ the report matches what the attacker did, and nothing it made is left');
    expect(report).toContain('"GuardDuty": "7 finding(s) (simulated from the events)');
    expect(report).toMatch(/"Bill": "estimated USD \d+\.\d{6}/);
    const drawn =
      /# the timeline: (\S+incident-timeline\.svg) \((\d+) attacker events, (\d+) response changes\)/.exec(
        report,
      );
    expect(drawn).not.toBeNull();
    // The picture: a row per region, the attacker's first calls and the response's changes labelled, one mark
    // per event (and two in the legend).
    const svg = readFileSync(drawn![1]!, 'utf8');
    for (const region of ATTACK_REGIONS) expect(svg).toContain(`>${region}</text>`);
    for (const label of [
      'CreateUser',
      'RunInstances',
      'UpdateAccessKey',
      'DeleteAccessKey',
      'TerminateInstances',
      'DeleteUser',
    ])
      expect(svg).toContain(`>${label}</text>`);
    expect(svg.match(/<circle /g)).toHaveLength(Number(drawn![2]) + Number(drawn![3]) + 2);
    for (const region of ATTACK_REGIONS)
      expect(report).toMatch(
        new RegExp(`\\|\\s+2\\s+\\|\\s+1\\s+\\|\\s+${region}\\s+\\|\\s+True\\s+\\|\\s+1\\s+\\|`),
      );
    expect(report).toContain('"handson-drill-backdoor (deleted)"');
    expect(report).toContain(`"${truth.accessKeys[0]}"`);
    expect(report).toContain('"app/handson-drill-attacker"');
  });

  it('keeps the attacker calls in the event history the real CLI can read', async () => {
    const trail = new CloudTrailClient(config('eu-west-1'));
    const events = await trail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'handson-drill-exposed-user' }],
      }),
    );
    expect(events.Events?.map((e) => e.EventName)).toContain('RunInstances');
  });

  it('never prints a secret key, a password or a private key', () => {
    const all = steps.map((r) => r.stdout + r.stderr).join('\n');
    const keys = join(world.env.HANDSON_WORK_DIR!, SLUG, 'keys');
    const app = JSON.parse(readFileSync(join(keys, 'app.json'), 'utf8'));
    expect(all).not.toContain(app.SecretAccessKey);
    expect(all).not.toMatch(/SecretAccessKey": "[A-Za-z0-9/+]{40}"/);
    expect(all).not.toContain('PRIVATE KEY');
    expect(all).toContain("--password '****'");
  });

  it('tears down everything in every region, and teardown is safe to run again', async () => {
    const down = await world.run('teardown.mts');
    expect(down.code, explain(down)).toBe(0);
    expect(await leftovers()).toEqual([]);
    const again = await world.run('teardown.mts');
    expect(again.code, explain(again)).toBe(0);
  }, 300_000);

  it('cleans up after a run that stopped right after the attack', async () => {
    for (const step of ['01-setup.mts', '01-trail.mts', '02-attacker.mts']) {
      const r = await world.run(step);
      expect(r.code, explain(r)).toBe(0);
    }
    expect((await leftovers()).length).toBeGreaterThan(0);
    const down = await world.run('teardown.mts');
    expect(down.code, explain(down)).toBe(0);
    expect(await leftovers()).toEqual([]);
  }, 300_000);

  it('runs twice in a row', async () => {
    const second = await world.runAll();
    for (const run of [...second.steps, second.teardown]) expect(run.code, explain(run)).toBe(0);
    expect(second.steps.at(-1)?.stdout).toContain('# ✔ the report matches what the attacker did');
    expect(await leftovers()).toEqual([]);
  }, 600_000);
});

describe('Lab 06 notebook', () => {
  const path = join(ROOT, 'notebooks', `${SLUG}.ipynb`);
  let nbWorld: LabWorld;
  const saved = { ...process.env };
  beforeAll(async () => {
    // The stored outputs are what a reader sees: the sandbox's own page sizes, not the test's small pages (the
    // attacker's image lookups would be several calls, and the history shows each).
    nbWorld = await LabWorld.start(SLUG, 'lab06-notebook', { pageSize: undefined });
    Object.assign(process.env, nbWorld.env);
  });
  afterAll(async () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await nbWorld?.close();
  });

  it('runs headlessly on a fresh sandbox and reproduces every stored output', async () => {
    // The setup, key, colleague, trail, attacker and rotation cells run twice: the second run makes nothing.
    const result = await checkNotebook(path, { runner: 'in-process', repeat: onceCells(readNotebook(path)) });
    expect(result.ok, describeCheck(result)).toBe(true);
    expectSafeReruns(rerunsOf(result), 6);
    const users = (
      await new IAMClient({ ...config('us-east-1'), endpoint: nbWorld.sandbox.url }).send(
        new ListUsersCommand({}),
      )
    ).Users;
    expect(users).toEqual([]);
  }, 600_000);

  it('stores the drill as it ran: the lookup in every region, the report, the checks', () => {
    const text = readNotebook(path)
      .cells.flatMap((cell) => (cell.outputs ?? []).map((o) => ('text' in o ? [o.text].flat().join('') : '')))
      .join('');
    expect(text).toContain('An error occurred (InvalidClientTokenId)');
    expect(text).toMatch(/^eu-west-1\t5$/m);
    expect(text).toContain('✔ 報告は攻撃者が実際にしたことと一致する');
    expect(text).toContain('✔ どのリージョンにもラボのキーペアとセキュリティグループは残っていない');
    expect(text).toContain('✔ 最も重大な検出結果は、漏えいしたキーによる一連の攻撃 (Critical)');
    expect(text).toContain('✔ 攻撃者のインスタンス 6 台すべてを見積もった');
    expect(text).toContain('✔ handson-drill-colleague の古いキーはすべて新しいキーに替わった');
    expect(text).toContain('✔ タイムラインに対応の TerminateInstances がある');
    expect(text).toContain('✔ 証跡のログファイルに、漏えいしたキーによる顧客データの GetObject がある');
    expect(text).toContain('✔ ラボのバケットと証跡は残っていない');
    const svgs = readNotebook(path).cells.flatMap((cell) =>
      (cell.outputs ?? []).flatMap((o) =>
        'data' in o && o.data['image/svg+xml'] ? [o.data['image/svg+xml']] : [],
      ),
    );
    expect(svgs).toHaveLength(1);
    expect([svgs[0]].flat().join('')).toContain('Incident timeline');
    expect(text).not.toMatch(/SecretAccessKey/);
  });
});

describeCliProof('06-access-key-exposure-drill', () => world);
describeLabContract('06-access-key-exposure-drill', () => world);
