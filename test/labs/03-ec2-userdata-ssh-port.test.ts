import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  CreateKeyPairCommand,
  DeleteKeyPairCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  GetInstanceProfileCommand,
  type GetInstanceProfileCommandOutput,
  GetRoleCommand,
  type GetRoleCommandOutput,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  type ListAttachedRolePoliciesCommandOutput,
  ListInstanceProfilesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { applyUserData, exec, stockInstanceModel } from '@handson/dataplane';
import { checkNotebook, describeCheck, joinText, parseNotebook, readNotebook } from '@handson/notebook';
import { Server, utils } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCliProof } from './cli-proof';
import { describeLabContract, expectSafeReruns } from './lab-contract';
import { explain, LabWorld, onceCells, ROOT, rerunsOf, type ScriptRun } from './run-lab';

const SLUG = '03-ec2-userdata-ssh-port';
const USER_DATA =
  "#!/bin/bash\n\nsed -i.old -e 's/#Port 22/Port 51512/g' /etc/ssh/sshd_config\n\nsystemctl restart sshd\n\n";
const STEPS = [
  '00-cloud9-role.mts',
  '01-user-data.mts',
  '02-key-pair.mts',
  '03-image.mts',
  '04-run-instances.mts',
  '05-security-group.mts',
  '06-public-ip.mts',
  '07-check.mts',
];

let world: LabWorld;
beforeAll(async () => {
  world = await LabWorld.start(SLUG);
});
afterAll(() => world?.close());

const ec2 = () =>
  new EC2Client({
    endpoint: world.sandbox.url,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
const iam = () =>
  new IAMClient({
    endpoint: world.sandbox.url,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
const CLOUD9_ROLE = 'handson-cloud9-ec2-role';
const labDir = () => join(world.env.HANDSON_WORK_DIR!, SLUG);
const pemPath = () => join(labDir(), 'SampleKeyPair.pem');

/** What the lab leaves in the account: live instances, key pairs, and 51512 rules of the default group. */
async function leftovers() {
  const client = ec2();
  const instances = ((await client.send(new DescribeInstancesCommand({}))).Reservations ?? [])
    .flatMap((r) => r.Instances ?? [])
    .filter((i) => i.State?.Name !== 'terminated');
  const keyPairs = (await client.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? [];
  const groups = (await client.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] })))
    .SecurityGroups;
  const rules = (groups?.[0]?.IpPermissions ?? []).filter((p) => p.FromPort === 51512);
  return { instances, keyPairs, rules };
}

describe('Lab 03 scripts on the sandbox', () => {
  const runs: Record<string, ScriptRun> = {};
  let pemMode = 0;
  let pemText = '';
  let teardownRun: ScriptRun;
  let svg = '';
  let cloud9: {
    role: GetRoleCommandOutput;
    profile: GetInstanceProfileCommandOutput;
    attached: ListAttachedRolePoliciesCommandOutput;
  };

  beforeAll(async () => {
    for (const step of STEPS) {
      runs[step] = await world.run(step);
      if (runs[step].code !== 0) break;
      if (step === '02-key-pair.mts') {
        pemMode = statSync(pemPath()).mode & 0o777;
        pemText = readFileSync(pemPath(), 'utf8');
      }
    }
    const picture = join(labDir(), 'ssh-ports.svg');
    if (existsSync(picture)) svg = readFileSync(picture, 'utf8');
    cloud9 = {
      role: await iam().send(new GetRoleCommand({ RoleName: CLOUD9_ROLE })),
      profile: await iam().send(new GetInstanceProfileCommand({ InstanceProfileName: CLOUD9_ROLE })),
      attached: await iam().send(new ListAttachedRolePoliciesCommand({ RoleName: CLOUD9_ROLE })),
    };
    teardownRun = await world.run('teardown.mts');
  }, 240_000);

  it('runs every step', () => {
    expect(world.scripts().steps).toEqual(STEPS);
    for (const step of STEPS) expect(runs[step]?.code, runs[step] && explain(runs[step])).toBe(0);
  });

  it('writes the user data with the blog heredoc and shows it', () => {
    const out = runs['01-user-data.mts']!.stdout;
    expect(out).toContain(
      `$ cat << EOF > \${FILE_USER_DATA}\n> #!/bin/bash\n> \n> sed -i.old -e 's/#Port 22/Port 51512/g' /etc/ssh/sshd_config\n> \n> systemctl restart sshd\n> \n> EOF\n`,
    );
    expect(out).toContain(`$ cat \${FILE_USER_DATA}\n${USER_DATA}$ ls`);
    expect(out).toMatch(/conf-handson-cli-ec2\/ec2-ssh-port-change\.bash\n/);
  });

  it('saves the private key owner-read-only, prints it masked, and describes the key pair', () => {
    expect(pemMode).toBe(0o400);
    expect(createPrivateKey(pemText).asymmetricKeyDetails?.modulusLength).toBe(2048);
    const out = runs['02-key-pair.mts']!.stdout;
    expect(out).toContain(
      '--query KeyMaterial \\\n  --output text\n-----BEGIN PRIVATE KEY-----(masked)-----END PRIVATE KEY-----\n',
    );
    expect(out).toContain('$ aws ec2 describe-key-pairs \\\n  --key-names SampleKeyPair\n');
    expect(out).toMatch(/"KeyName": "SampleKeyPair"/);
    expect(out).toMatch(/"KeyFingerprint": "([0-9a-f]{2}:){19}[0-9a-f]{2}"/);
  });

  it('never prints the private key', () => {
    const body = pemText.split('\n').filter((line) => line && !line.startsWith('-----'));
    expect(body.length).toBeGreaterThan(10);
    const all = [...Object.values(runs), teardownRun].map((r) => r.stdout + r.stderr).join('\n');
    for (const line of body) expect(all).not.toContain(line);
    expect(all).not.toMatch(/BEGIN (RSA )?PRIVATE KEY-----\n/);
  });

  it('shows the blog image name resolving to nothing, then takes the newest Amazon Linux 2023 image', () => {
    const out = runs['03-image.mts']!.stdout;
    expect(out).toContain(
      "--filters Name=name,Values=amzn2-ami-hvm-2.0.20210525.0-x86_64-gp2 \\\n  --query 'Images[].ImageId' \\\n  --output text\n(amzn2-ami-hvm-2.0.20210525.0-x86_64-gp2 no longer exists",
    );
    expect(out).toMatch(/\nami-[0-9a-f]{17}\tal2023-ami-2023\.[\d.]+-kernel-[\d.]+-x86_64\n/);
    expect(out).toMatch(/\$ echo \$\{EC2_INSTANCE_IMAGE_ID\}\nami-[0-9a-f]{17}\n/);
  });

  it('runs the instance with the blog options', () => {
    const out = runs['04-run-instances.mts']!.stdout;
    expect(out).toMatch(
      /\$ aws ec2 run-instances \\\n {2}--image-id ami-[0-9a-f]{17} \\\n {2}--instance-type t2\.micro \\\n {2}--tag-specifications 'ResourceType=instance,Tags=\[\{Key=Name,Value=handson-cli-ec2-userdata_public_ip_address_default_vpc-instance\},\{Key=handson:lab,Value=03-ec2-userdata-ssh-port\}\]' \\\n {2}--user-data file:\/\/\S+\/ec2-ssh-port-change\.bash \\\n {2}--associate-public-ip-address \\\n {2}--key-name SampleKeyPair\n/,
    );
    expect(out).toContain('"InstanceType": "t2.micro"');
    expect(out).toContain('"KeyName": "SampleKeyPair"');
  });

  it('opens 51512 to the placeholder client /32 only, without a warning', () => {
    const run = runs['05-security-group.mts']!;
    expect(run.stdout).toContain('--protocol tcp \\\n  --port 51512 \\\n  --cidr 192.0.2.10/32 \\\n');
    expect(run.stderr).not.toContain('WARNING');
  });

  it('waits with the waiter, then finds the public address by tag as the blog does', () => {
    const out = runs['06-public-ip.mts']!.stdout;
    expect(out).toMatch(/\$ aws ec2 wait instance-running --instance-ids i-[0-9a-f]{17}\n\(waiter: SUCCESS/);
    expect(out).toMatch(
      /--filters Name=tag-key,Values=Name Name=tag-value,Values=handson-cli-ec2-userdata_public_ip_address_default_vpc-instance \\\n {2}--query 'Reservations\[\]\.Instances\[\]\.PublicIpAddress' \\\n {2}--output text\n(203\.0\.113|198\.51\.100)\.\d+\n/,
    );
  });

  it('sees Port 51512 in sshd_config, 51512 open to the client and 22 closed', () => {
    const out = runs['07-check.mts']!.stdout;
    expect(out).toMatch(
      /~\]\$ sudo cat \/etc\/ssh\/sshd_config \| grep Port\nPort 51512\n#GatewayPorts no\n/,
    );
    // The blog's `netstat -alt`: every TCP socket, names resolved (51512 has no service name).
    expect(out).toContain(
      '~]$ netstat -alt\nActive Internet connections (servers and established)\n' +
        'Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n' +
        'tcp        0      0 0.0.0.0:51512           0.0.0.0:*               LISTEN     \n' +
        'tcp6       0      0 [::]:51512              [::]:*                  LISTEN     \n',
    );
    expect(out).toContain('✔ 192.0.2.10 reaches 51512');
    expect(out).toContain('✔ 192.0.2.10 does not reach 22');
    expect(out).toContain('✔ other addresses do not reach 51512');
    expect(out).not.toContain('✘');
  });

  it("makes the blog's Cloud9 role: AmazonEC2FullAccess, only EC2 may assume it, tagged, in its profile", () => {
    const out = runs['00-cloud9-role.mts']!.stdout;
    expect(out).toContain(`$ aws iam create-role \\\n  --role-name ${CLOUD9_ROLE} \\\n`);
    expect(out).toContain('"PolicyArn": "arn:aws:iam::aws:policy/AmazonEC2FullAccess"');
    expect(out).toContain(
      `$ aws iam add-role-to-instance-profile \\\n  --instance-profile-name ${CLOUD9_ROLE}`,
    );
    const trust = JSON.parse(decodeURIComponent(cloud9.role.Role!.AssumeRolePolicyDocument!));
    expect(trust.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    expect(cloud9.role.Role!.Tags).toContainEqual({ Key: 'handson:lab', Value: SLUG });
    expect(cloud9.profile.InstanceProfile!.Tags).toContainEqual({ Key: 'handson:lab', Value: SLUG });
    expect(cloud9.profile.InstanceProfile!.Roles!.map((r) => r.RoleName)).toEqual([CLOUD9_ROLE]);
    expect(cloud9.attached.AttachedPolicies!.map((p) => p.PolicyName)).toEqual(['AmazonEC2FullAccess']);
    expect(teardownRun.stdout).toContain(
      `$ aws iam delete-instance-profile \\\n  --instance-profile-name ${CLOUD9_ROLE}`,
    );
  });

  it('leaves a role of that name it did not make alone, before changing anything', async () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    };
    await iam().send(
      new CreateRoleCommand({ RoleName: CLOUD9_ROLE, AssumeRolePolicyDocument: JSON.stringify(trust) }),
    );
    try {
      const run = await world.run('00-cloud9-role.mts');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`IAM role ${CLOUD9_ROLE} already exists and was not made by this lab`);
      expect(world.runLog.at(-1)!.requests.filter((r) => !r.readOnly)).toEqual([]);
      const td = await world.run('teardown.mts');
      expect(td.code, explain(td)).toBe(0);
      expect((await iam().send(new GetRoleCommand({ RoleName: CLOUD9_ROLE }))).Role?.RoleName).toBe(
        CLOUD9_ROLE,
      );
    } finally {
      await iam().send(new DeleteRoleCommand({ RoleName: CLOUD9_ROLE }));
    }
  });

  it('draws the instance, its security group and the ports from the verdicts: 51512 open, 22 closed', () => {
    expect(runs['07-check.mts']!.stdout).toMatch(/図: .*\/ssh-ports\.svg\n/);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('>tcp 51512: sshd LISTEN<');
    expect(svg).toContain('>tcp 22: closed<');
    expect(svg).toMatch(/>tcp 51512 from 192\.0\.2\.10\/32</);
    const tones = [...svg.matchAll(/data-edge="(\w+)-&gt;(\w+)" data-tone="(\w+)"/g)].map((m) =>
      m.slice(1).join(' '),
    );
    expect(tones).toEqual(['client port ok', 'client port22 denied', 'other port denied', 'sg port neutral']);
    expect(svg).toContain('>refused at ingress<');
  });

  it('tears down everything, and teardown is safe to run again', async () => {
    expect(teardownRun.code, explain(teardownRun)).toBe(0);
    expect(await leftovers()).toEqual({ instances: [], keyPairs: [], rules: [] });
    expect((await iam().send(new ListRolesCommand({}))).Roles?.map((r) => r.RoleName)).not.toContain(
      CLOUD9_ROLE,
    );
    expect(
      (await iam().send(new ListInstanceProfilesCommand({}))).InstanceProfiles?.map(
        (p) => p.InstanceProfileName,
      ),
    ).toEqual([]);
    expect(existsSync(pemPath())).toBe(false);
    expect(existsSync(join(labDir(), 'conf-handson-cli-ec2'))).toBe(false);
    const again = await world.run('teardown.mts');
    expect(again.code, explain(again)).toBe(0);
    expect(again.stdout).toContain('already gone  terminate the lab instance');
  });

  it('runs twice in a row; 0.0.0.0/0 only when asked, with a warning', async () => {
    const second: ScriptRun[] = [];
    for (const step of STEPS) {
      const run = await world.run(step, [], { HANDSON_SSH_CIDR: '0.0.0.0/0' });
      second.push(run);
      expect(run.code, explain(run)).toBe(0);
    }
    const of = (script: string) => second[STEPS.indexOf(script)]!;
    expect(of('05-security-group.mts').stderr).toContain(
      'WARNING: 0.0.0.0/0 opens port 51512 to the whole internet',
    );
    expect(of('05-security-group.mts').stdout).toContain('--cidr 0.0.0.0/0');
    expect(of('07-check.mts').stdout).toContain('✔ 192.0.2.10 reaches 51512');
    const down = await world.run('teardown.mts');
    expect(down.code, explain(down)).toBe(0);
    expect(await leftovers()).toEqual({ instances: [], keyPairs: [], rules: [] });
  }, 240_000);

  it('takes an arm64 image for a Graviton instance type', async () => {
    const run = await world.run('03-image.mts', [], { HANDSON_EC2_INSTANCE_TYPE: 't4g.micro' });
    expect(run.code, explain(run)).toBe(0);
    expect(run.stdout).toMatch(/\tal2023-ami-2023\.[\d.]+-kernel-[\d.]+-arm64\n/);
    await world.run('teardown.mts');
  });

  it('explains the step and its variables with --help, without touching AWS', async () => {
    const { result: run, requests } = await world.requestsDuring(() =>
      world.run('05-security-group.mts', ['--help'], { HANDSON_TARGET: 'aws' }),
    );
    expect(run.code, explain(run)).toBe(0);
    expect(run.stdout).toMatch(/^Usage: \.\/scripts\/03-ec2-userdata-ssh-port\/05-security-group\.mts /m);
    expect(run.stdout).toContain(
      'aws ec2 authorize-security-group-ingress --group-name default --protocol tcp',
    );
    expect(run.stdout).toContain('HANDSON_MY_IP');
    expect(run.stdout).toContain('0.0.0.0/0 opens the port to everyone');
    expect(run.stdout).toContain('the client is the documentation address 192.0.2.10');
    expect(run.stderr).toBe('');
    expect(requests).toEqual([]);
  });

  it('on AWS, asks for the caller address instead of opening the port to everyone', async () => {
    // The scripts are ES modules; this file is compiled as CommonJS.
    const { securityGroupCidr } = await import('../../scripts/03-ec2-userdata-ssh-port/lab.mts');
    const onAws = { HANDSON_TARGET: 'aws', AWS_REGION: 'ap-northeast-1' };
    // No address given and no terminal to ask on: the step stops before authorizing anything.
    await expect(securityGroupCidr(onAws, false)).rejects.toThrow(
      'Set HANDSON_MY_IP to your public IPv4 address',
    );
    await expect(securityGroupCidr({ ...onAws, HANDSON_MY_IP: '198.51.100.7' }, false)).resolves.toEqual({
      cidr: '198.51.100.7/32',
    });
    const bad = await world.run('05-security-group.mts', [], { HANDSON_SSH_CIDR: '300.1.2.3/32' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error: HANDSON_SSH_CIDR=300.1.2.3/32 is not an IPv4 address or CIDR');
    expect(bad.stderr).not.toContain('--debug');
  });

  it('a step whose earlier step did not run names it, in one line', async () => {
    await world.run('teardown.mts');
    const run = await world.run('06-public-ip.mts');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error: EC2_INSTANCE_ID is not set yet: run ./scripts/03-ec2-userdata-ssh-port/04-run-instances.mts first.',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('leaves a SampleKeyPair it did not make alone, and says so', async () => {
    await ec2().send(new CreateKeyPairCommand({ KeyName: 'SampleKeyPair' }));
    try {
      const run = await world.run('02-key-pair.mts');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('EC2 key pair SampleKeyPair already exists and was not made by this lab');
      expect(run.stdout).not.toContain('create-key-pair');
      expect(existsSync(pemPath())).toBe(false);
      const down = await world.run('teardown.mts');
      expect(down.code, explain(down)).toBe(0);
      expect((await leftovers()).keyPairs.map((k) => k.KeyName)).toEqual(['SampleKeyPair']);
    } finally {
      await ec2().send(new DeleteKeyPairCommand({ KeyName: 'SampleKeyPair' }));
    }
  });
});

describe('notebooks/03-ec2-userdata-ssh-port.ipynb', () => {
  const NOTEBOOK = join(ROOT, 'notebooks', `${SLUG}.ipynb`);
  const notebook = () => parseNotebook(readFileSync(NOTEBOOK, 'utf8'), NOTEBOOK);

  it('has the runbook structure, each heading with an English line', () => {
    const prose = notebook()
      .cells.filter((c) => c.cell_type === 'markdown')
      .map((c) => joinText(c.source));
    const headings = prose.flatMap((text) => text.split('\n').filter((line) => line.startsWith('## ')));
    expect(headings).toEqual(['## 目的', '## 前提', '## 変数', '## 実行', '## 確認', '## 後片付け']);
    for (const text of prose.filter((t) => t.startsWith('## ')))
      expect(text.split('\n')[1]).toMatch(/^\*[A-Z][A-Za-z ]+\*$/);
  });

  it('keeps the SSH login for real AWS out of headless runs, and stores no private key', () => {
    const ssh = notebook().cells.find((c) => c.id === 'check-ssh-code');
    expect(ssh?.metadata?.tags).toContain('skip-headless');
    const outputs = notebook()
      .cells.flatMap((c) => c.outputs ?? [])
      .map((o) => (o.output_type === 'stream' ? joinText(o.text) : JSON.stringify(o)))
      .join('\n');
    expect(outputs).toContain('--query KeyMaterial');
    // A PEM body is lines of 64 base64 characters.
    expect(outputs).not.toMatch(/^[A-Za-z0-9+/]{64}$/m);
  });

  it('runs headlessly on a private sandbox and matches its stored outputs', async () => {
    const saved = { ...process.env };
    for (const name of [
      'HANDSON_WORK_DIR',
      'HANDSON_SSH_CIDR',
      'HANDSON_MY_IP',
      'HANDSON_EC2_INSTANCE_TYPE',
      'AWS_PROFILE',
      'AWS_DEFAULT_PROFILE',
      'AWS_REGION',
      'AWS_ENDPOINT_URL',
    ])
      delete process.env[name];
    Object.assign(process.env, {
      HANDSON_TARGET: 'sandbox',
      HANDSON_SANDBOX_URL: world.sandbox.url,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'ap-northeast-1',
      AWS_CONFIG_FILE: join(world.workDir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(world.workDir, 'no-credentials'),
    });
    try {
      // The key pair, instance and ingress-rule cells run twice: the second run makes nothing.
      const result = await checkNotebook(NOTEBOOK, {
        runner: 'in-process',
        repeat: onceCells(readNotebook(NOTEBOOK)),
      });
      expect(result.ok, describeCheck(result)).toBe(true);
      expectSafeReruns(rerunsOf(result), 3);
    } finally {
      process.env = saved;
    }
    expect(await leftovers()).toEqual({ instances: [], keyPairs: [], rules: [] });
  }, 300_000);
});

describe('the SSH check used on AWS', () => {
  it('logs in with a key pair the sandbox issued and runs the commands on an instance model behind a local SSH server', async () => {
    // The server is a stand-in for the instance (an ssh2 server on loopback answering from the data-plane
    // model); the client side is exactly what 07-check.mts runs on AWS.
    const { sshCheck, tcpOpens } = await import('@handson/lab-helpers/ssh');
    const created = await ec2().send(new CreateKeyPairCommand({ KeyName: 'ssh-check-test' }));
    const pem = created.KeyMaterial!;
    const allowed = utils.parseKey(pem);
    if (allowed instanceof Error) throw allowed;
    const model = stockInstanceModel();
    applyUserData(model, USER_DATA);
    const { privateKey: hostKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const users: string[] = [];
    const server = new Server({ hostKeys: [hostKey] }, (client) => {
      client
        .on('authentication', (ctx) => {
          users.push(ctx.username);
          const ok =
            ctx.method === 'publickey' &&
            ctx.key.data.equals(allowed.getPublicSSH()) &&
            (!ctx.signature || allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true);
          if (ok) ctx.accept();
          else ctx.reject(['publickey']);
        })
        .on('ready', () => {
          client.on('session', (accept) => {
            accept().on('exec', (acceptExec, _reject, info) => {
              const stream = acceptExec();
              const result = exec(model, info.command);
              stream.write(result.stdout);
              stream.exit(result.exitCode);
              stream.end();
            });
          });
        })
        .on('error', () => {});
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as AddressInfo).port;
    try {
      const outputs = await sshCheck({
        host: '127.0.0.1',
        port,
        privateKey: Buffer.from(pem),
        commands: ['sudo cat /etc/ssh/sshd_config | grep Port'],
      });
      expect(outputs).toEqual([
        { command: 'sudo cat /etc/ssh/sshd_config | grep Port', output: 'Port 51512\n#GatewayPorts no\n' },
      ]);
      expect(users).toContain('ec2-user');
      expect(await tcpOpens('127.0.0.1', port)).toBe(true);
    } finally {
      await new Promise((done) => server.close(done));
      await ec2().send(new DeleteKeyPairCommand({ KeyName: 'ssh-check-test' }));
    }
    expect(await tcpOpens('127.0.0.1', port, 2000)).toBe(false);
  });
});

describeCliProof('03-ec2-userdata-ssh-port', () => world);
describeLabContract('03-ec2-userdata-ssh-port', () => world);
