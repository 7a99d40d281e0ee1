import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
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
import { allPages } from '@handson/cli-output';
import { checkNotebook, describeCheck, readNotebook } from '@handson/notebook';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCliProof } from './cli-proof';
import { describeLabContract } from './lab-contract';
import { explain, LabWorld, ROOT, type ScriptRun } from './run-lab';

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
      '02-attacker.mts',
      '03-identify-key.mts',
      '04-disable-delete-key.mts',
      '05-permissions.mts',
      '06-lookup-events.mts',
      '07-remove-resources.mts',
      '08-rotate.mts',
      '09-report.mts',
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
        // IAM is global: CloudTrail records its events in us-east-1, whatever region the client named.
        const region = r.service === 'iam' ? 'us-east-1' : r.region;
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

  it('removes what the attacker made in every region, and the persistence user', () => {
    const removed = out('07-remove-resources.mts');
    for (const [region, r] of Object.entries(truth.regions)) {
      expect(removed).toContain(`$ export AWS_DEFAULT_REGION=${region}`);
      for (const id of r.instances) expect(removed).toContain(`${id}\tterminated`);
      for (const id of r.securityGroups) expect(removed).toContain(`--group-id ${id}`);
    }
    expect(removed).toContain('aws iam delete-user \\\n  --user-name handson-drill-backdoor');
    expect(removed).toContain(`--access-key-id ${truth.accessKeys[0]}`);
  });

  it('rotates the remaining key and the password', () => {
    const rotate = out('08-rotate.mts');
    expect(rotate).toContain('--password-reset-required');
    expect(rotate).toContain('# 1 key(s) rotated');
  });

  it('ends with a report that matches what the attacker did', () => {
    const report = out('09-report.mts');
    expect(report).toContain('# ✔ the report matches what the attacker did, and nothing it made is left');
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
    for (const step of ['01-setup.mts', '02-attacker.mts']) {
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
    const result = await checkNotebook(path, { runner: 'in-process' });
    expect(result.ok, describeCheck(result)).toBe(true);
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
    expect(text).not.toMatch(/SecretAccessKey/);
  });
});

describeCliProof('06-access-key-exposure-drill', () => world);
describeLabContract('06-access-key-exposure-drill', () => world);
