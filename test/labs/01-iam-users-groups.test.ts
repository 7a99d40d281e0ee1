import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListGroupsCommand,
  ListRolesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { describeCheck } from '@handson/notebook';
import { awsCli, type CliRun } from '@handson/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCliProof } from './cli-proof';
import { describeLabContract, expectSafeReruns } from './lab-contract';
import { explain, LabWorld, type ScriptRun } from './run-lab';

const SLUG = '01-iam-users-groups';
const USER = 'handson-cli-novice-user';
const GROUP = 'handson-cli-novice-group';
const ROLE = 'handson-cloud9-environment-role';
const BUCKET = 'handson-cli-novice-123456789012';

let world: LabWorld;
beforeAll(async () => {
  world = await LabWorld.start(SLUG);
});
afterAll(() => world?.close());

const admin = { region: 'ap-northeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const iam = () => new IAMClient({ endpoint: world.sandbox.url, ...admin });
const s3 = () => new S3Client({ endpoint: world.sandbox.url, forcePathStyle: true, ...admin });
const labDir = () => join(world.env.HANDSON_WORK_DIR!, SLUG);

/** Debian's AWS CLI v2 against the lab's sandbox, in the environment given (@handson/test-support). */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return awsCli(['--endpoint-url', world.sandbox.url, ...args], {
    env: { PATH: process.env.PATH, HOME: world.workDir, AWS_PAGER: '', ...env },
  });
}

/** What is left in the sandbox that this lab makes. */
async function leftovers() {
  return {
    users: (await iam().send(new ListUsersCommand({}))).Users?.map((u) => u.UserName),
    groups: (await iam().send(new ListGroupsCommand({}))).Groups?.map((g) => g.GroupName),
    roles: (await iam().send(new ListRolesCommand({}))).Roles?.map((r) => r.RoleName),
    buckets: (await s3().send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name),
    files: existsSync(labDir()),
  };
}
const NOTHING = { users: [], groups: [], roles: [], buckets: [], files: false };

/** The operations a run sent, in order. */
const sent = (run: { requests: { operation: string }[] }) => run.requests.map((r) => r.operation);

describe('Lab 01 scripts on the sandbox', () => {
  const steps: ScriptRun[] = [];
  let teardownRun: ScriptRun;
  const secrets: string[] = [];
  const realCli: Record<string, { code: number; stdout: string; stderr: string }> = {};
  const out = (script: string) => steps.find((s) => s.script === script)?.stdout ?? '';
  const drawn: Record<string, string> = {};

  beforeAll(async () => {
    for (const step of world.scripts().steps) {
      const run = await world.run(step);
      steps.push(run);
      if (run.code !== 0) break;
    }
    const keyFile = join(labDir(), 'conf-handson-cli-iam', `${USER}-token-1.json`);
    const cloud9Config = join(labDir(), 'cloud9-environment', 'config');
    if (existsSync(keyFile))
      secrets.push(JSON.parse(readFileSync(keyFile, 'utf8')).AccessKey.SecretAccessKey);
    if (existsSync(cloud9Config)) {
      const text = readFileSync(cloud9Config, 'utf8');
      secrets.push(/aws_secret_access_key=(.+)/.exec(text)![1]!, /aws_session_token=(.+)/.exec(text)![1]!);
    }
    // The same identities through the real AWS CLI, in the environment the scripts describe.
    const cloud9 = {
      AWS_CONFIG_FILE: cloud9Config,
      AWS_SHARED_CREDENTIALS_FILE: join(labDir(), 'cloud9-environment', 'credentials'),
      AWS_DEFAULT_REGION: 'ap-northeast-1',
    };
    const asUser = {
      ...cloud9,
      AWS_SHARED_CREDENTIALS_FILE: join(labDir(), 'conf-handson-cli-iam', `${USER}.ini`),
      AWS_DEFAULT_PROFILE: USER,
    };
    realCli.roleLs = await cli(['s3', 'ls'], cloud9);
    realCli.noRegion = await cli(['ec2', 'describe-instances'], {
      ...cloud9,
      AWS_DEFAULT_REGION: undefined,
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const picture = join(labDir(), 'iam-access.svg');
    if (existsSync(picture)) drawn['iam-access.svg'] = readFileSync(picture, 'utf8');
    realCli.userLs = await cli(['s3', 'ls'], asUser);
    realCli.userEc2 = await cli(['ec2', 'describe-instances'], asUser);
    realCli.back = await cli(['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'], {
      ...asUser,
      AWS_DEFAULT_PROFILE: undefined,
    });
    teardownRun = await world.run('teardown.mts');
  }, 300_000);

  it('runs every step', () => {
    for (const run of steps) expect(run.code, explain(run)).toBe(0);
    expect(steps.map((r) => r.script)).toEqual([
      '01-cloud9-environment.mts',
      '02-create-user.mts',
      '03-create-access-key.mts',
      '04-credentials-file.mts',
      '05-create-group.mts',
      '06-add-user-to-group.mts',
      '07-access-check.mts',
    ]);
  });

  it('works as the Cloud9 role, which only has IAMFullAccess', () => {
    expect(out('01-cloud9-environment.mts')).toContain(
      '"Arn": "arn:aws:sts::123456789012:assumed-role/handson-cloud9-environment-role/handson-cloud9-environment"',
    );
    expect(out('07-access-check.mts')).toMatch(
      /"PolicyName": "IAMFullAccess",\n\s+"PolicyArn": "arn:aws:iam::aws:policy\/IAMFullAccess"/,
    );
  });

  it('creates the user and its login profile without printing the password', () => {
    const text = out('02-create-user.mts');
    expect(text).toMatch(/"UserName": "handson-cli-novice-user",\n\s+"UserId": "AIDA[A-Z0-9]{17}",/);
    expect(text).toContain("--password '****'\n");
    expect(text).toMatch(/"PasswordResetRequired": false\n/);
    expect(text).not.toMatch(/"Password"/);
  });

  it('saves the access key owner-only and builds the credentials INI with the pipeline', () => {
    expect(out('03-create-access-key.mts')).toMatch(
      /conf-handson-cli-iam\/handson-cli-novice-user-token-1\.json\n/,
    );
    expect(out('03-create-access-key.mts')).toContain('-rw------- ');
    expect(out('04-credentials-file.mts')).toMatch(
      /\$ ls \$\{FILE_USER_CREDENTIAL\}\n.*\/handson-cli-novice-user\.ini\n/,
    );
  });

  it('prints the group steps as the blog does', () => {
    const text = out('05-create-group.mts') + out('06-add-user-to-group.mts');
    expect(text).toContain(
      "  --query 'Policies[?PolicyName==`AmazonS3FullAccess`].Arn' \\\n  --output text\narn:aws:iam::aws:policy/AmazonS3FullAccess\n",
    );
    expect(text).toContain('  --output text\nAmazonS3FullAccess\n');
    expect(text).toContain('  --output text\nhandson-cli-novice-group\n');
  });

  it('shows the access check: denied as the role, S3 but not EC2 as the user, then the role again', () => {
    const text = out('07-access-check.mts');
    const denied =
      '\nAn error occurred (AccessDenied) when calling the ListBuckets operation: Access Denied\n';
    const unauthorized =
      '\nAn error occurred (UnauthorizedOperation) when calling the DescribeInstances operation: You are not authorized to perform this operation.\n';
    expect(text).toContain(`$ aws s3 ls\n${denied}`);
    expect(text.split(unauthorized)).toHaveLength(3);
    const lists = text.split('$ aws configure list\n').slice(1);
    expect(lists).toHaveLength(3);
    expect(lists[0]).toMatch(/^ +profile +<not set> +None +None\naccess_key +\*{16}\w{4} +config-file/m);
    expect(lists[0]).toMatch(/\n +region +<not set> +None +None\n/);
    expect(lists[1]).toContain(
      "   profile  handson-cli-novice-user              env    ['AWS_DEFAULT_PROFILE', 'AWS_PROFILE']\n",
    );
    expect(lists[1]).toMatch(/access_key +\*{16}\w{4} shared-credentials-file/);
    expect(lists[1]).toMatch(/\n +region +ap-northeast-1 +env +AWS_DEFAULT_REGION\n/);
    expect(lists[1]).toMatch(
      new RegExp(`\\$ aws s3 ls\\n\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ${BUCKET}\\n`),
    );
    expect(lists[1]).toContain('--output text\narn:aws:iam::123456789012:user/handson-cli-novice-user\n');
    expect(lists[2]).toMatch(/^ +profile +<not set> +None +None\naccess_key +\*{16}\w{4} +config-file/m);
    expect(lists[2]).toContain(
      'arn:aws:sts::123456789012:assumed-role/handson-cloud9-environment-role/handson-cloud9-environment\n',
    );
  });

  it("shows the blog's missing region: configure list <not set>, then the CLI's message, then the export", () => {
    const text = out('07-access-check.mts');
    const noRegion =
      '$ aws ec2 describe-instances\n\nYou must specify a region. You can also configure your region by running "aws configure".\n';
    expect(text).toContain(
      `${noRegion}$ export AWS_DEFAULT_REGION=ap-northeast-1\n$ aws ec2 describe-instances\n`,
    );
    // The CLI stops before sending: of the three describe-instances, only the two with a region were sent.
    const run = world.runLog.find((r) => r.script === '07-access-check.mts')!;
    expect(sent(run).filter((op) => op === 'DescribeInstances')).toHaveLength(2);
    expect(realCli.noRegion!.code).toBe(253);
    expect(`\n${text.split('$ aws ec2 describe-instances\n')[1]!.split('$ export')[0]!.trim()}\n`).toBe(
      realCli.noRegion!.stderr,
    );
  });

  it('draws who may call what from the live IAM state and the answers', () => {
    const file = join(labDir(), 'iam-access.svg');
    expect(out('07-access-check.mts')).toContain(`図: ${file}\n`);
    const svg = drawn['iam-access.svg']!;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Read from IAM: the role's policy, the user's group and the group's policy.
    for (const name of ['IAMFullAccess', GROUP, 'AmazonS3FullAccess', USER, ROLE])
      expect(svg).toContain(`>${name}<`);
    const tones = [...svg.matchAll(/data-edge="(\w+)-&gt;(\w+)" data-tone="(\w+)"/g)].map((m) =>
      m.slice(1).join(' '),
    );
    expect(tones).toEqual(
      expect.arrayContaining(['role s3 denied', 'role ec2 denied', 'user s3 ok', 'user ec2 denied']),
    );
    expect(svg).toContain('>user: UnauthorizedOperation<');
  });

  it('the real AWS CLI sees the same identities in the same environment', () => {
    expect(realCli.roleLs!.stderr).toContain(
      'An error occurred (AccessDenied) when calling the ListBuckets operation',
    );
    expect(realCli.userLs!.code, realCli.userLs!.stderr).toBe(0);
    expect(realCli.userLs!.stdout).toContain(` ${BUCKET}\n`);
    expect(realCli.userEc2!.stderr).toContain('(UnauthorizedOperation)');
    expect(realCli.back!.stdout).toContain(':assumed-role/handson-cloud9-environment-role/');
  });

  it('never prints a secret access key or session token', () => {
    expect(secrets).toHaveLength(3);
    const all = [...steps, teardownRun].map((r) => r.stdout + r.stderr).join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
  });

  it('tears down everything, and teardown is safe to run again', async () => {
    expect(teardownRun.code, explain(teardownRun)).toBe(0);
    expect(teardownRun.stdout).toContain('Nothing of this lab is left.');
    expect(await leftovers()).toEqual(NOTHING);
    const again = await world.run('teardown.mts');
    expect(again.code, explain(again)).toBe(0);
  });

  it('teardown cleans up after a half-finished run', async () => {
    for (const step of ['01-cloud9-environment.mts', '02-create-user.mts', '03-create-access-key.mts']) {
      const run = await world.run(step);
      expect(run.code, explain(run)).toBe(0);
    }
    const run = await world.run('teardown.mts');
    expect(run.code, explain(run)).toBe(0);
    expect(await leftovers()).toEqual(NOTHING);
  }, 120_000);

  it('refuses a user it did not create before changing anything, and its teardown leaves it alone', async () => {
    await iam().send(new CreateUserCommand({ UserName: USER }));
    const first = await world.run('01-cloud9-environment.mts');
    expect(first.code, explain(first)).toBe(0);
    const create = await world.run('02-create-user.mts');
    expect(create.code).toBe(1);
    expect(create.stderr).toContain(
      `error: IAM user ${USER} already exists and was not made by this lab (it has no handson:lab=${SLUG} tag)`,
    );
    expect(create.stderr).not.toMatch(/^\s+at /m);
    expect(create.stdout).not.toContain('create-login-profile');
    expect(sent(world.runLog.at(-1)!).filter((op) => !/^(Get|List)/.test(op))).toEqual([]);
    const run = await world.run('teardown.mts');
    expect(run.code, explain(run)).toBe(0);
    expect(await leftovers()).toEqual({ ...NOTHING, users: [USER] });
    await iam().send(new DeleteUserCommand({ UserName: USER }));
  }, 120_000);

  it('refuses a group it has no record of making (groups cannot carry tags)', async () => {
    await iam().send(new CreateGroupCommand({ GroupName: GROUP }));
    for (const step of ['01-cloud9-environment.mts', '02-create-user.mts']) {
      const run = await world.run(step);
      expect(run.code, explain(run)).toBe(0);
    }
    const refused = await world.run('05-create-group.mts');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `error: IAM group ${GROUP} already exists and this lab has no record of making it`,
    );
    expect(sent(world.runLog.at(-1)!)).toEqual(['GetGroup']);
    const run = await world.run('teardown.mts');
    expect(run.code, explain(run)).toBe(0);
    expect(await leftovers()).toEqual({ ...NOTHING, groups: [GROUP] });
    await iam().send(new DeleteGroupCommand({ GroupName: GROUP }));
  }, 120_000);

  it('run again, makes no second access key, attachment or membership, and says so', async () => {
    const steps = world.scripts().steps.filter((step) => step !== '07-access-check.mts');
    for (const step of steps) expect((await world.run(step)).code).toBe(0);
    const again: ScriptRun[] = [];
    for (const step of steps) again.push(await world.run(step));
    for (const run of again) expect(run.code, explain(run)).toBe(0);
    const rerun = (prefix: string) => again.find((run) => run.script.startsWith(prefix))!;
    const [cloud9, user, key, group, member] = [
      rerun('01'),
      rerun('02'),
      rerun('03'),
      rerun('05'),
      rerun('06'),
    ];
    expect(cloud9.stderr).toContain(`IAM role ${ROLE} already exists (from an earlier run of this lab)`);
    expect(user.stderr).toContain(`IAM user ${USER} already exists (from an earlier run of this lab)`);
    expect(user.stderr).toContain(
      `${USER} already has a console password (from an earlier run): left as it is.`,
    );
    expect(key.stderr).toMatch(/The access key AKIA\w+ an earlier run made still exists .*token-1\.json/);
    expect(key.stdout).toMatch(/\$ echo \$\{FILE_ACCESS_KEY\}\n.*-token-1\.json\n/);
    expect(key.stdout).not.toContain('create-access-key');
    const keys = await iam().send(new ListAccessKeysCommand({ UserName: USER }));
    expect(keys.AccessKeyMetadata).toHaveLength(1);
    expect(existsSync(join(labDir(), 'conf-handson-cli-iam', `${USER}-token-2.json`))).toBe(false);
    // The attachment and the membership are not sent again; the blog's checks still print them.
    expect(group.stderr).toContain(`IAM group ${GROUP} already exists (from an earlier run of this lab)`);
    expect(group.stderr).toContain(`AmazonS3FullAccess is attached to ${GROUP} already`);
    expect(group.stdout).not.toContain('attach-group-policy');
    expect(group.stdout).toContain('  --output text\nAmazonS3FullAccess\n');
    expect(member.stderr).toContain(`${USER} is in ${GROUP} already (an earlier run): not added again.`);
    expect(member.stdout).not.toContain('add-user-to-group');
    expect(member.stdout).toContain(`  --output text\n${GROUP}\n`);
    const run = await world.run('teardown.mts');
    expect(run.code, explain(run)).toBe(0);
    expect(await leftovers()).toEqual(NOTHING);
  }, 120_000);

  it('a step run before the one it needs names that step, in one line', async () => {
    const run = await world.run('02-create-user.mts');
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      `error: AWS_DEFAULT_REGION is not set yet: run ./scripts/${SLUG}/01-cloud9-environment.mts first.`,
    );
    expect(sent(world.runLog.at(-1)!)).toEqual([]);
  });

  it('off the sandbox, changes nothing before a confirmation', async () => {
    const endpoint = { HANDSON_TARGET: '', AWS_ENDPOINT_URL: world.sandbox.url };
    const run = await world.run('01-cloud9-environment.mts', [], endpoint);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^About to change account 123456789012 at http:\/\/127\.0\.0\.1:\d+ /m);
    expect(run.stderr).toMatch(/^error: Nothing was changed: .* Pass --yes/m);
    expect(run.stdout).toBe('');
    expect(world.runLog.at(-1)!.requests.filter((r) => !r.readOnly)).toEqual([]);
  });

  // Once more after the teardown above (the manifest contract below runs every step twice more, in one process).
  it('runs again after its teardown', async () => {
    const again = await world.runAll();
    for (const run of [...again.steps, again.teardown]) expect(run.code, explain(run)).toBe(0);
    expect(again.steps).toHaveLength(7);
    expect(await leftovers()).toEqual(NOTHING);
  }, 400_000);
});

describe('Lab 01 notebook on the sandbox', () => {
  it('runs in-process, matches its stored outputs, prints no secret and leaves nothing', async () => {
    const { result, printed, reruns } = await world.checkNotebookInProcess();
    expect(result.ok, describeCheck(result)).toBe(true);
    // Bucket, role, user, login profile, key file name, access key, credentials file, group, policy, membership.
    expectSafeReruns(reruns, 10);
    expect(printed).toContain("--password '****'\n");
    expect(printed).toMatch(/"SecretAccessKey": "[A-Za-z0-9/+]{3}X{37}"/);
    expect(printed).not.toMatch(/"SecretAccessKey": "(?![A-Za-z0-9/+]{3}X{37}")[A-Za-z0-9/+]{40}"/);
    expect(printed).toMatch(/"SessionToken": "\w{3}X+"/);
    expect(printed).toContain('✔ Cloud9 環境のロールに戻った');
    expect(await leftovers()).toEqual(NOTHING);
  }, 300_000);
});

describeCliProof('01-iam-users-groups', () => world);
describeLabContract(SLUG, () => world);
