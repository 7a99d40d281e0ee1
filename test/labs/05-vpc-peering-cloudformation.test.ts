/*
 * Lab 05 (seed lines 5–285): the parameterised template validates (an npm CloudFormation linter and the
 * sandbox's ValidateTemplate); the scripts create the stack with live events, print the blog's seven checks
 * and the ping matrix, and the teardown leaves nothing, twice in a row; the notebook reproduces its outputs.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  describeCheck,
  exportMarkdown,
  isRunnable,
  joinText,
  readNotebook,
  SKIP_HEADLESS,
} from '@handson/notebook';
import { validateFile } from 'cfn-lint/lib/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCliProof } from './cli-proof';
import { describeLabContract, expectSafeReruns } from './lab-contract';
import { explain, LabWorld, ROOT, type ScriptRun } from './run-lab';

const SLUG = '05-vpc-peering-cloudformation';
const TEMPLATE = join(ROOT, 'scripts', SLUG, 'template.yaml');
const NOTEBOOK = join(ROOT, 'notebooks', `${SLUG}.ipynb`);
const STEPS = [
  '01-validate-template.mts',
  '02-create-stack.mts',
  '03-describe-resources.mts',
  '04-ping-matrix.mts',
];

let world: LabWorld;
beforeAll(async () => {
  world = await LabWorld.start(SLUG, 'lab-05');
});
afterAll(() => world?.close());

const config = () => ({
  endpoint: world.sandbox.url,
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

/** What is left in the sandbox: VPCs with the lab's tag, live stacks, instances not terminated. */
async function leftovers() {
  const ec2 = new EC2Client(config());
  const cfn = new CloudFormationClient(config());
  const vpcs = (
    await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:handson:lab', Values: [SLUG] }] }))
  ).Vpcs;
  const stacks = (await cfn.send(new ListStacksCommand({}))).StackSummaries ?? [];
  const instances = ((await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? [])
    .flatMap((r) => r.Instances ?? [])
    .filter((i) => !['terminated', 'shutting-down'].includes(i.State?.Name ?? ''));
  return {
    vpcs: vpcs ?? [],
    stacks: stacks.filter((s) => s.StackStatus !== 'DELETE_COMPLETE').map((s) => s.StackName),
    instances: instances.map((i) => i.InstanceId),
  };
}
const NOTHING = { vpcs: [], stacks: [], instances: [] };

/** The text a section of 03-describe-resources.mts printed after its `# comment` line, without the command. */
function section(out: string, title: string): string {
  const start = out.indexOf(`# ${title}`);
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const rest = out.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line, i) => i > 0 && line.startsWith('# '));
  const body = (end < 0 ? rest : rest.slice(0, end)).join('\n');
  // Drop the `$ aws ...` transcript (the command and its continuation lines).
  const lines = body.split('\n');
  let i = 0;
  while (i < lines.length && (lines[i]!.startsWith('$ ') || lines[i - 1]?.endsWith('\\'))) i++;
  // Only blank lines are dropped: a text output line may end with a tab.
  return `${lines
    .slice(i)
    .join('\n')
    .replace(/^\n+|\n+$/g, '')}\n`;
}

describe('Lab 05 template', () => {
  it('passes the CloudFormation linter from npm (cfn-lint), offline', () => {
    const result = validateFile(TEMPLATE);
    expect(result.errors.crit, JSON.stringify(result.errors.crit, null, 2)).toEqual([]);
    expect(result.templateValid).toBe(true);
  });

  it('the linter is live: a misspelt property and a dangling Ref in a copy are caught', () => {
    const broken = join(world.workDir, 'broken.yaml');
    writeFileSync(
      broken,
      readFileSync(TEMPLATE, 'utf8')
        .replace('CidrBlock: !Ref Vpc1Cidr', 'CidrBlok: !Ref Vpc1Cidr')
        .replace('GroupSet: [!Ref SecurityGroup3]', 'GroupSet: [!Ref SecurityGroup9]'),
    );
    const messages = validateFile(broken).errors.crit.map((e) => e.message);
    expect(messages).toContain('CidrBlok is not a valid property of AWS::EC2::VPC');
    expect(messages).toContain('Referenced value SecurityGroup9 does not exist');
  });

  it('has the blog network as parameters with the blog values as defaults', () => {
    const text = readFileSync(TEMPLATE, 'utf8');
    for (const value of [
      '10.100.0.0/16',
      '10.200.0.0/16',
      '10.50.0.0/16',
      'ap-northeast-1a',
      'ap-northeast-1c',
    ])
      expect(text).toContain(`Default: ${value}`);
    expect(text).toContain('Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>');
    expect(text.match(/Type: AWS::EC2::VPCPeeringConnection/g)).toHaveLength(2);
  });
});

describe('Lab 05 scripts on the sandbox', () => {
  const runs: ScriptRun[] = [];
  let diagram: string | undefined;
  beforeAll(async () => {
    for (const step of STEPS) {
      const run = await world.run(step);
      runs.push(run);
      if (run.code !== 0) break;
    }
    const file = join(world.env.HANDSON_WORK_DIR!, SLUG, 'vpc-peering.svg');
    diagram = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }, 240_000);

  it('runs every step', () => {
    for (const run of runs) expect(run.code, explain(run)).toBe(0);
    expect(runs.map((r) => r.script)).toEqual(STEPS);
  });

  it('validates the template through the sandbox (aws cloudformation validate-template)', () => {
    expect(runs[0]!.stdout).toContain(
      '--template-body file://scripts/05-vpc-peering-cloudformation/template.yaml',
    );
    expect(runs[0]!.stdout).toContain('Vpc1Cidr\t10.100.0.0/16\n');
    expect(runs[0]!.stdout).toContain('EnableSsm\tfalse\n');
  });

  it('creates the stack and prints each stack event once, as it comes, ending CREATE_COMPLETE', () => {
    const out = runs[1]!.stdout;
    const events = out.split('\n').filter((line) => /^\d{4}-\d\d-\d\dT[\d:.]+\+00:00\t/.test(line));
    expect(new Set(events).size).toBe(events.length);
    expect(events[0]).toMatch(
      /\thandson-vpc-peering\tAWS::CloudFormation::Stack\tCREATE_IN_PROGRESS\tUser Initiated$/,
    );
    expect(events.at(-1)).toMatch(
      /\thandson-vpc-peering\tAWS::CloudFormation::Stack\tCREATE_COMPLETE\tNone$/,
    );
    // Every resource of the template: created, each with a start and an end event.
    const completed = events.filter((e) => /\tCREATE_COMPLETE\t/.test(e) && !/CloudFormation::Stack/.test(e));
    expect(completed).toHaveLength(35);
    for (const id of ['EC2A', 'EC2B', 'EC2C', 'PeeringConnection12', 'PeeringConnection23'])
      expect(out).toMatch(new RegExp(`\\t${id}\\tAWS::EC2::\\w+\\tCREATE_COMPLETE\\t`));
    expect(out).toContain("--query 'Stacks[0].StackStatus' \\\n  --output text\nCREATE_COMPLETE\n");
    expect(out).toMatch(/\| {2}EC2APrivateIp {2}\| {2}10\.100\.0\.\d+ +\|/);
  });

  it('prints the seven checks in the blog’s shapes (sort, sort | column -t, text, table)', () => {
    const out = runs[2]!.stdout;
    expect(out).toContain('--output text \\\n  | sort\nhandson-vpc-peering1\t');
    expect(section(out, 'VPCの確認')).toMatch(
      /^handson-vpc-peering1\tvpc-[0-9a-f]{17}\t10\.100\.0\.0\/16\tavailable\tdefault\nhandson-vpc-peering2\tvpc-[0-9a-f]{17}\t10\.200\.0\.0\/16\tavailable\tdefault\nhandson-vpc-peering3\tvpc-[0-9a-f]{17}\t10\.50\.0\.0\/16\tavailable\tdefault\n$/,
    );
    expect(section(out, 'サブネットの確認')).toMatch(
      /^handson-vpc-peering1\tvpc-\w+\t10\.100\.0\.0\/24\t250\tsubnet-\w+\tap-northeast-1a\tTrue\tavailable\nhandson-vpc-peering2\tvpc-\w+\t10\.200\.0\.0\/24\t250\tsubnet-\w+\tap-northeast-1c\tTrue\tavailable\nhandson-vpc-peering3\tvpc-\w+\t10\.50\.0\.0\/24\t250\tsubnet-\w+\tap-northeast-1c\tTrue\tavailable\n$/,
    );
    // column -t: two spaces between columns, no tabs, sorted by subnet id.
    const associations = section(out, 'ルートテーブルの確認1');
    expect(out).toContain('--output text \\\n  | sort | column -t\n');
    expect(associations).toMatch(/^(subnet-[0-9a-f]{17} {2}rtb-[0-9a-f]{17} {2}False {2}associated\n){3}$/);
    const subnets = associations
      .trim()
      .split('\n')
      .map((l) => l.split(' ')[0]);
    expect(subnets).toEqual([...subnets].sort());

    const routes = section(out, 'ルートテーブルの確認2').split('\n');
    expect(routes.filter((l) => /^rtb-[0-9a-f]{17}$/.test(l))).toHaveLength(3);
    expect(
      routes.filter((l) => /^10\.(100|200|50)\.0\.0\/24\t\tCreateRoute\tactive\tpcx-[0-9a-f]{17}$/.test(l)),
    ).toHaveLength(6);
    expect(
      routes.filter((l) => /^10\.(100|200|50)\.0\.0\/16\tlocal\tCreateRouteTable\tactive\t$/.test(l)),
    ).toHaveLength(3);
    expect(
      routes.filter((l) => /^0\.0\.0\.0\/0\tigw-[0-9a-f]{17}\tCreateRoute\tactive\t$/.test(l)),
    ).toHaveLength(3);

    const igws = section(out, 'インターネットゲートウェイの確認');
    expect(igws).toMatch(
      /^-{52}\n\|\s+DescribeInternetGateways\s+\|\n\+-{24}\+-{25}\+\n\| {4}InternetGatewayId {3}\| {10}VpcId {10}\|\n/,
    );
    expect(igws.match(/^\| {2}igw-[0-9a-f]{17} \| {2}vpc-[0-9a-f]{17} {2}\|$/gm)).toHaveLength(3);

    const peerings = section(out, 'VPCピアリングの確認').trim().split('\n');
    expect(peerings.map((l) => l.replace(/^pcx-[0-9a-f]{17}\t/, 'pcx\t')).sort()).toEqual([
      'pcx\t10.200.0.0/16\t10.100.0.0/16',
      'pcx\t10.50.0.0/16\t10.200.0.0/16',
    ]);

    const instances = section(out, 'EC2インスタンス').trim().split('\n');
    expect(instances).toHaveLength(9);
    for (let i = 0; i < 9; i += 3) {
      const n = Number(instances[i + 1]!.slice(-1));
      expect(instances[i]).toMatch(
        new RegExp(`^10\\.${[0, 100, 200, 50][n]}\\.0\\.\\d+\\t\\d+\\.\\d+\\.\\d+\\.\\d+$`),
      );
      expect(instances[i + 1]).toBe(`handson-vpc-peering${n}`);
      expect(instances[i + 2]).toBe(`EC2${'ABC'[n - 1]}`);
    }

    const groups = section(out, 'セキュリティグループの確認');
    for (const [n, others] of [
      [1, ['10.200.0.0/16', '10.50.0.0/16']],
      [2, ['10.100.0.0/16', '10.50.0.0/16']],
      [3, ['10.100.0.0/16', '10.200.0.0/16']],
    ] as const) {
      expect(groups).toContain(
        `Security Group for VPC${n}\n\t-1\t\nIPRANGES\t${others[0]}\nIPRANGES\t${others[1]}\n22\ttcp\t22\nIPRANGES\t192.0.2.10/32\n`,
      );
    }
  });

  it('shows the six pings as the blog did: A↔B and B↔C answer, A↔C 100% packet loss', () => {
    const out = runs[3]!.stdout;
    const pings = [
      ...out.matchAll(
        /#(EC2[ABC])から(EC2[ABC])へのPing\n\[ec2-user@ip-([\d-]+) ~\]\$ ping ([\d.]+)\nPING \4 \(\4\) 56\(84\) bytes of data\.\n((?:64 bytes from .*\n)*)\^C\n--- \4 ping statistics ---\n(\d+) packets transmitted, (\d+) received, (\d+)% packet loss, time \d+ms\n/g,
      ),
    ];
    expect(pings.map((m) => `${m[1]}>${m[2]} ${m[6]}/${m[7]} ${m[8]}%`)).toEqual([
      'EC2A>EC2B 5/5 0%',
      'EC2A>EC2C 10/0 100%',
      'EC2B>EC2A 5/5 0%',
      'EC2B>EC2C 5/5 0%',
      'EC2C>EC2A 9/0 100%',
      'EC2C>EC2B 5/5 0%',
    ]);
    for (const m of pings) {
      const replies = m[5]!.trim().split('\n').filter(Boolean);
      for (const [i, line] of replies.entries())
        expect(line).toMatch(
          new RegExp(
            `^64 bytes from ${m[4]!.replace(/\./g, '\\.')}: icmp_seq=${i + 1} ttl=255 time=\\d+\\.\\d+ ms$`,
          ),
        );
    }
    expect(out).toMatch(/rtt min\/avg\/max\/mdev = \d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3} ms\n/);
  });

  it('explains each pair: the route used, or the hop where the packet stops (peering is not transitive)', () => {
    const out = runs[3]!.stdout;
    expect(
      out.match(
        /^EC2[ABC] → EC2[ABC] {2}応答あり {8}rtb-\w+ \(明示的な関連付け\) は .* へ送る: active なピアリングで vpc-\w+ へ$/gm,
      ),
    ).toHaveLength(4);
    const stops = [
      ...out.matchAll(
        /^(EC2[ABC]) → (EC2[ABC]) {2}100% packet loss {2}止まる所: route \((pcx-\w+)\)\n {4}(.*)$/gm,
      ),
    ];
    expect(stops.map((m) => `${m[1]}>${m[2]}`)).toEqual(['EC2A>EC2C', 'EC2C>EC2A']);
    for (const m of stops) expect(m[4]).toMatch(/だけをつなぐ。.*VPCピアリングは推移的でない$/);
    expect(out).toContain('4. [NG] route: ');
  });

  it('draws the three VPCs, the two peerings and which pairs answer', () => {
    expect(diagram).toBeDefined();
    for (const label of [
      'handson-vpc-peering1',
      'handson-vpc-peering2',
      'handson-vpc-peering3',
      'EC2A',
      'EC2B',
      'EC2C',
    ])
      expect(diagram).toContain(`>${label}<`);
    expect(diagram).toContain('>EC2A ⇄ EC2B: ping OK<');
    expect(diagram).toContain('>EC2B ⇄ EC2C: ping OK<');
    expect(diagram).toContain('>EC2A ⇄ EC2C: ping NG (100% packet loss)<');
  });

  it('prints no secret', () => {
    const all = runs.map((r) => r.stdout + r.stderr).join('\n');
    expect(all).not.toMatch(/SecretAccessKey|aws_secret_access_key|SessionToken|PRIVATE KEY/);
  });

  it('tears down: DELETE_COMPLETE from the events, nothing left; teardown is safe to run again', async () => {
    const down = await world.run('teardown.mts');
    expect(down.code, explain(down)).toBe(0);
    expect(down.stdout).toMatch(/\thandson-vpc-peering\tAWS::CloudFormation::Stack\tDELETE_COMPLETE\tNone\n/);
    expect(down.stdout).toContain('--output text\nDELETE_COMPLETE\n');
    expect(down.stdout).toContain('nothing tagged handson:lab=05-vpc-peering-cloudformation is left.');
    expect(await leftovers()).toEqual(NOTHING);
    const again = await world.run('teardown.mts');
    expect(again.code, explain(again)).toBe(0);
    expect(again.stdout).toContain('stack handson-vpc-peering does not exist: nothing to delete.');
  }, 120_000);

  // Once more after the teardown above (the manifest contract below runs every step twice more, in one process).
  it('runs again after its teardown', async () => {
    const again = await world.runAll();
    for (const run of [...again.steps, again.teardown]) expect(run.code, explain(run)).toBe(0);
    expect(again.steps.map((r) => r.script)).toEqual(STEPS);
    // Terminated instances of the earlier run stay listed for a while; the check shows only this run's.
    expect(section(again.steps[2]!.stdout, 'EC2インスタンス').trim().split('\n')).toHaveLength(9);
    expect(await leftovers()).toEqual(NOTHING);
    const stack = new CloudFormationClient(config()).send(
      new DescribeStacksCommand({ StackName: 'handson-vpc-peering' }),
    );
    await expect(stack).rejects.toThrow(/does not exist/);
  }, 400_000);

  it('a failed stack is reported with its events, and teardown still cleans up', async () => {
    // A subnet outside its VPC: EC2 refuses it, CloudFormation rolls back.
    const bad = join(world.workDir, 'bad-template.yaml');
    copyFileSync(TEMPLATE, bad);
    writeFileSync(bad, readFileSync(bad, 'utf8').replace('Default: 10.50.0.0/24', 'Default: 10.99.0.0/24'));
    const run = await world.run('02-create-stack.mts', [], { HANDSON_TEMPLATE: bad });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\tSubnet3\tAWS::EC2::Subnet\tCREATE_FAILED\t.*10\.99\.0\.0\/24/);
    expect(run.stderr).toContain('error: the stack ended ROLLBACK_COMPLETE');
    const down = await world.run('teardown.mts');
    expect(down.code, explain(down)).toBe(0);
    expect(await leftovers()).toEqual(NOTHING);
  }, 120_000);
});

describe('Lab 05 scripts run again', () => {
  const cfn = () => new CloudFormationClient(config());

  it('02-create-stack reuses the lab stack and says so, without a second create-stack', async () => {
    const first = await world.run('02-create-stack.mts');
    expect(first.code, explain(first)).toBe(0);
    const { result: again, requests } = await world.requestsDuring(() => world.run('02-create-stack.mts'));
    expect(again.code, explain(again)).toBe(0);
    expect(again.stderr).toContain(
      'CloudFormation stack handson-vpc-peering already exists (from an earlier run of this lab): using it as it is.',
    );
    expect(requests.map((r) => r.operation)).not.toContain('CreateStack');
    expect(again.stdout).toContain("--query 'Stacks[0].StackStatus' \\\n  --output text\nCREATE_COMPLETE\n");
    expect(again.stdout).toMatch(/\| {2}EC2APrivateIp {2}\| {2}10\.100\.0\.\d+ +\|/);
    const down = await world.run('teardown.mts');
    expect(down.code, explain(down)).toBe(0);
    expect(await leftovers()).toEqual(NOTHING);
  }, 120_000);

  it('refuses a stack of the same name that the lab did not make, and its teardown leaves it alone', async () => {
    const StackName = 'handson-vpc-peering';
    await cfn().send(
      new CreateStackCommand({
        StackName,
        TemplateBody: readFileSync(TEMPLATE, 'utf8'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    try {
      const refused = await world.run('02-create-stack.mts');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        'error: CloudFormation stack handson-vpc-peering already exists and was not made by this lab',
      );
      const down = await world.run('teardown.mts');
      expect(down.code, explain(down)).toBe(0);
      expect(down.stdout).toContain('stack handson-vpc-peering was not made by this lab');
      expect(down.stdout).not.toContain('delete-stack');
      const [stack] = (await cfn().send(new DescribeStacksCommand({ StackName }))).Stacks ?? [];
      expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
    } finally {
      await cfn().send(new DeleteStackCommand({ StackName }));
      // The sandbox finishes a deletion over later requests: ask until the stack is gone.
      for (let i = 0; i < 50; i++) if ((await leftovers()).stacks.length === 0) break;
    }
    expect(await leftovers()).toEqual(NOTHING);
  }, 120_000);
});

describe('Lab 05 notebook on the sandbox', () => {
  const SANDBOX_PING = 'サンドボックスでは上のセルの ping (経路評価から) を使います。\n';

  it('runs in-process, matches its stored outputs, its AWS ping cell leaves the pings to the walk, and leaves nothing', async () => {
    // The AWS ping cell is skipped headless (on AWS it waits minutes for SSM): here it runs as well, so it must
    // compile against the packages, and on the sandbox print that the walk above does the pings.
    const { result, printed, reruns } = await world.checkNotebookInProcess((nb) => {
      const cell = nb.cells.find((c) => c.id === 'ping-aws-code')!;
      expect(cell.metadata.tags).toContain(SKIP_HEADLESS);
      cell.metadata.tags = (cell.metadata.tags ?? []).filter((t) => t !== SKIP_HEADLESS);
      cell.outputs = [{ output_type: 'stream', name: 'stdout', text: [SANDBOX_PING] }];
      // Stored notebooks number the cells that run 1, 2, 3…: with one more running, the numbers after it move.
      let count = 0;
      for (const c of nb.cells) if (isRunnable(c)) c.execution_count = ++count;
    });
    expect(result.ok, describeCheck(result)).toBe(true);
    expect(printed).toContain(SANDBOX_PING);
    // The create-stack cell ran twice: the second run made no second stack.
    expectSafeReruns(reruns, 1);
    expect(printed).toContain('✔ A↔B と B↔C は応答あり、A↔C は 100% packet loss');
    expect(printed).toContain('✔ ラボのタグが付いたリソースは何も残っていない');
    expect(await leftovers()).toEqual(NOTHING);
  }, 300_000);

  it('keeps the picture in its stored outputs and in the blog export', () => {
    const nb = readNotebook(NOTEBOOK);
    const picture = nb.cells.find((c) => c.id === 'ping-picture-code');
    const svg = joinText(
      (picture?.outputs ?? []).flatMap((o) =>
        o.output_type === 'display_data' ? [o.data['image/svg+xml'] as string | string[]] : [],
      )[0] ?? '',
    );
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('EC2A ⇄ EC2C: ping NG (100% packet loss)');
    const { markdown } = exportMarkdown(nb);
    expect(markdown).toContain('EC2A ⇄ EC2C: ping NG (100% packet loss)');
    expect(markdown).not.toContain('image/svg+xml output not included');
    expect(markdown).toContain('10 packets transmitted, 0 received, 100% packet loss');
  });
});

describeCliProof('05-vpc-peering-cloudformation', () => world);
describeLabContract('05-vpc-peering-cloudformation', () => world);
