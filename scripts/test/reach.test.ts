import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeImagesCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { type RunningSandbox, startSandbox } from '@handson/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run reach` as a user runs it: a real process against a sandbox holding a small network (one VPC, a
// server that admits SSH from inside the VPC only, a client beside it).
const ROOT = resolve(__dirname, '..', '..');
const REACH = join(ROOT, 'scripts', '_tools', 'reach.mts');
const dir = mkdtempSync(join(tmpdir(), 'reach-'));
let sandbox: RunningSandbox;
let requests = 0;
const ips = { server: '', client: '' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function reach(args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--conditions=@handson/source', '--import=tsx', REACH, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        HANDSON_SANDBOX_URL: sandbox.url,
        HANDSON_WORK_DIR: join(dir, 'work'),
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'ap-northeast-1',
        AWS_CONFIG_FILE: join(dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
      },
    });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d) => (out.stdout += d));
    child.stderr.on('data', (d) => (out.stderr += d));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, ...out }));
  });
}

async function network(ec2: EC2Client): Promise<void> {
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16' }))).Vpc!.VpcId!;
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.8.1.0/24' }))).Subnet!
    .SubnetId!;
  const group = (
    await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'reach-server', Description: 'ssh', VpcId: vpc }),
    )
  ).GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: group,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.8.0.0/16' }] }],
    }),
  );
  const images = await ec2.send(
    new DescribeImagesCommand({
      Owners: ['amazon'],
      Filters: [{ Name: 'name', Values: ['al2023-ami-2023*-x86_64'] }],
    }),
  );
  const image = images.Images![0]!.ImageId!;
  const run = async (name: string, groups: string[]) =>
    (
      await ec2.send(
        new RunInstancesCommand({
          ImageId: image,
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnet,
          ...(groups.length ? { SecurityGroupIds: groups } : {}),
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }],
        }),
      )
    ).Instances![0]!.PrivateIpAddress!;
  ips.server = await run('server', [group]);
  ips.client = await run('client', []);
}

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    host: '127.0.0.1',
    dataDir: join(dir, 'data'),
    seed: 5,
    onRequest: () => {
      requests += 1;
    },
  });
  const ec2 = new EC2Client({
    endpoint: sandbox.url,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await network(ec2);
  ec2.destroy();
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run reach', () => {
  it('answers --help and bad usage in one line, exit 0 and 2, sending no request', async () => {
    const before = requests;
    const help = await reach(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run reach -- --from <instance\|ip> --to <instance\|ip>/);
    expect(help.stdout).toContain('Exit status: 0 reachable, 1 not reachable, 2 bad usage or a failed call.');
    for (const args of [['--bogus'], ['--from', 'server'], ['--from', 'a', '--to', 'b', '--port', '0']]) {
      const bad = await reach(args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(bad.stdout).toBe('');
    }
    expect(requests).toBe(before);
  });

  it('walks the hops to a verdict: SSH inside the VPC reaches the server, exit 0', async () => {
    const run = await reach(['--from', 'client', '--to', 'server', '--port', '22']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^i-\w+ \(client\) -> i-\w+ \(server\) tcp 22: reachable$/);
    expect(lines.slice(1).map((l) => l.replace(/:.*/, ''))).toEqual([
      '1. [ok] source',
      '2. [ok] destination',
      '3. [ok] egress',
      '4. [ok] route',
      '5. [ok] ingress',
      '6. [ok] host',
      '7. [ok] return-route',
    ]);
    expect(run.stderr).toMatch(/^Target: local sandbox/m);
  });

  it('names the hop that drops the packet, as JSON, exit 1: another port, and a client on the internet', async () => {
    const port = await reach([
      '--from',
      ips.client,
      '--to',
      ips.server,
      '--port',
      '3306',
      '--output',
      'json',
    ]);
    expect(port.code, port.stderr).toBe(1);
    const result = JSON.parse(port.stdout);
    expect(result.reachable).toBe(false);
    expect(result.blockedAt.hop).toBe('ingress');
    expect(result.from.ip).toBe(ips.client);
    const outside = await reach(['--from', '203.0.113.7', '--to', 'server', '--port', '22', '--lang', 'ja']);
    expect(outside.code).toBe(1);
    expect(outside.stdout).toContain('internet client 203.0.113.7');
    expect(outside.stdout).toContain('到達不可');
  });
});
