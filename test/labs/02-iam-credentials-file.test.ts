import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { describeCheck } from '@handson/notebook';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCliProof } from './cli-proof';
import { describeLabContract, expectSafeReruns } from './lab-contract';
import { explain, LabWorld, type ScriptRun } from './run-lab';

const SLUG = '02-iam-credentials-file';
let world: LabWorld;
beforeAll(async () => {
  world = await LabWorld.start('02-iam-credentials-file');
});
afterAll(() => world?.close());

const iam = () =>
  new IAMClient({
    endpoint: world.sandbox.url,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

/** What the real `aws configure --profile` writes for the blog's two profiles, in files of a temporary HOME. */
function realAwsConfigure(): { credentials: string; config: string } {
  const home = mkdtempSync(join(tmpdir(), 'lab02-configure-'));
  const files = { credentials: join(home, 'credentials'), config: join(home, 'config') };
  const profiles = [
    ['sample-user1', 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['sample-user2', 'AKIAI44QH8DHBEXAMPLE', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY'],
  ];
  for (const [profile, id, secret] of profiles) {
    const run = spawnSync('/usr/bin/aws', ['configure', '--profile', profile!], {
      input: `${id}\n${secret}\nap-northeast-1\njson\n`,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: home,
        AWS_SHARED_CREDENTIALS_FILE: files.credentials,
        AWS_CONFIG_FILE: files.config,
      },
    });
    if (run.status !== 0) throw new Error(`aws configure failed: ${run.stderr}`);
  }
  return { credentials: readFileSync(files.credentials, 'utf8'), config: readFileSync(files.config, 'utf8') };
}

describe('Lab 02 scripts on the sandbox', () => {
  let runs: { steps: ScriptRun[]; teardown: ScriptRun };
  const kept: Record<string, string> = {};
  const out = (script: string) => runs.steps.find((run) => run.script === script)?.stdout ?? '';
  beforeAll(async () => {
    const steps: ScriptRun[] = [];
    for (const step of world.scripts().steps) {
      const run = await world.run(step);
      steps.push(run);
      if (run.code !== 0) break;
    }
    // The files the steps leave, read before the teardown removes them.
    const dir = join(world.env.HANDSON_WORK_DIR!, SLUG);
    for (const file of [
      'aws-configure-sample/credentials',
      'aws-configure-sample/config',
      'credentials-pipeline.svg',
    ]) {
      if (existsSync(join(dir, file))) kept[file] = readFileSync(join(dir, file), 'utf8');
    }
    runs = { steps, teardown: await world.run('teardown.mts') };
  }, 240_000);

  it('runs every step', () => {
    for (const run of runs.steps) expect(run.code, explain(run)).toBe(0);
    expect(runs.steps.map((r) => r.script)).toEqual([
      '00-aws-configure.mts',
      '01-prepare-user.mts',
      '02-access-key-file-name.mts',
      '03-create-access-key.mts',
      '04-credentials-file.mts',
      '05-use-credentials-file.mts',
    ]);
  });

  it('compares with the usual way: aws configure puts both profiles in one file, as the real CLI writes it', () => {
    const text = out('00-aws-configure.mts');
    expect(text).toContain(
      '$ aws configure --profile sample-user2\nAWS Access Key ID [None]: AKIAI44QH8DHBEXAMPLE\n' +
        'AWS Secret Access Key [None]: je7XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n' +
        'Default region name [None]: ap-northeast-1\nDefault output format [None]: json\n',
    );
    expect(text).toContain(
      '[sample-user1]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n[sample-user2]\n',
    );
    // Never the learner's own files: the samples live in the lab's work directory.
    expect(text).toMatch(
      /^\$ export AWS_SHARED_CREDENTIALS_FILE=".*\/02-iam-credentials-file\/aws-configure-sample\/credentials"/m,
    );
    const real = realAwsConfigure();
    expect(kept['aws-configure-sample/credentials']).toBe(real.credentials);
    expect(kept['aws-configure-sample/config']).toBe(real.config);
    expect(text).toMatch(/\n-rw------- 1 \S+ \S+ +242 \w{3} [ \d]\d \d\d:\d\d .*\/credentials\n/);
  });

  it("shows the blog's ls -d failing before mkdir -p, then finding the directory", () => {
    expect(out('02-access-key-file-name.mts')).toMatch(
      /^\$ ls -d \$\{DIR_ACCESS_KEY\}\nls: cannot access '(.*\/conf-handson-cli-iam)': No such file or directory\n\$ mkdir -p \$\{DIR_ACCESS_KEY\}\n\$ ls -d \$\{DIR_ACCESS_KEY\}\n\1\n/,
    );
  });

  it('lists the key after creating it, in full and counted, and real ls -l lines', () => {
    const text = out('03-create-access-key.mts');
    expect(text).toMatch(/\$ ls -al \$\{DIR_ACCESS_KEY\}\ntotal \d+\ndrwx------ .* \.\n/);
    expect(text).toMatch(
      /\n-rw------- 1 \S+ \S+ +\d+ \w{3} [ \d]\d \d\d:\d\d handson-cli-novice-user-token-1\.json\n/,
    );
    expect(text).toMatch(
      /\$ aws iam list-access-keys \\\n {2}--user-name handson-cli-novice-user\n\{\n {4}"AccessKeyMetadata": \[\n {8}\{\n {12}"UserName": "handson-cli-novice-user",\n {12}"AccessKeyId": "AKIA[A-Z0-9]{16}",\n {12}"Status": "Active",/,
    );
    expect(text).toMatch(/--query 'length\(AccessKeyMetadata\[\]\)'\n1\n$/);
    expect(out('04-credentials-file.mts')).toMatch(
      /\$ ls -l \$\{FILE_USER_CREDENTIAL\}\n-rw------- 1 \S+ \S+ +\d+ \w{3} [ \d]\d \d\d:\d\d \/.*\/handson-cli-novice-user\.ini\n/,
    );
  });

  it('draws the pipeline: each stage with what it produced, the secret masked', () => {
    const svg = kept['credentials-pipeline.svg']!;
    expect(out('04-credentials-file.mts')).toMatch(/図: .*\/credentials-pipeline\.svg\n/);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('>COUNT_IAM_ACCESS_KEYS=1<');
    expect(svg).toContain('>handson-cli-novice-user-token-1.json<');
    // Seven stages, each with its line count: jp.py prints the key's five members between braces, the first sed
    // drops the braces, grep keeps the two key lines.
    expect([...svg.matchAll(/>stage (\d): (\d+) lines</g)].map((m) => Number(m[2]))).toEqual([
      7, 5, 5, 5, 5, 5, 2,
    ]);
    expect(svg).toMatch(/>aws_access_key_id=AKIA[A-Z0-9]{16}</);
    expect(svg).not.toMatch(/SecretAccessKey=(?![A-Za-z0-9/+]{3}X)/);
    expect([...svg.matchAll(/data-edge=/g)]).toHaveLength(9);
  });

  it('counts the keys from 1 and names the file as the blog does', () => {
    const out = runs.steps[2]!.stdout;
    expect(out).toContain("--query 'length(AccessKeyMetadata[])'\n0\n");
    expect(out).toMatch(/conf-handson-cli-iam\/handson-cli-novice-user-token-1\.json\n/);
  });

  it('shows each stage of the pipeline, the secret masked, ending with the two key lines', () => {
    const out = runs.steps[4]!.stdout;
    expect(out).toMatch(
      /\| grep '\^aws_'\naws_access_key_id=AKIA[A-Z0-9]{16}\naws_secret_access_key=[A-Za-z0-9/+]{3}X{37}\n/,
    );
    expect(out).toContain("sed 's/:/=/'\nUserName=handson-cli-novice-user\n");
    expect(out).toContain('-rw------- ');
  });

  it('signs as the new user with the credentials file', () => {
    expect(runs.steps[5]!.stdout).toContain(
      '"Arn": "arn:aws:iam::123456789012:user/handson-cli-novice-user"',
    );
  });

  it('never prints the secret access key', () => {
    const all = runs.steps.map((r) => r.stdout + r.stderr).join('\n');
    // Masked, a secret keeps its first three characters and the rest become X.
    expect(all).toMatch(/aws_secret_access_key=[A-Za-z0-9/+]{3}X{37}\n/);
    expect(all).not.toMatch(/aws_secret_access_key=(?![A-Za-z0-9/+]{3}X{37})[A-Za-z0-9/+]{40}/);
    expect(all).not.toMatch(/"SecretAccessKey": "(?![A-Za-z0-9/+]{3}X{37})[A-Za-z0-9/+]{40}"/);
  });

  it('tears down everything, and teardown is safe to run again', async () => {
    expect(runs.teardown.code, explain(runs.teardown)).toBe(0);
    expect((await iam().send(new ListUsersCommand({}))).Users).toEqual([]);
    expect(
      existsSync(join(world.env.HANDSON_WORK_DIR!, '02-iam-credentials-file', 'conf-handson-cli-iam')),
    ).toBe(false);
    const again = await world.run('teardown.mts');
    expect(again.code, explain(again)).toBe(0);
  });

  it('runs twice in a row', async () => {
    const second = await world.runAll();
    for (const run of [...second.steps, second.teardown]) expect(run.code, explain(run)).toBe(0);
  }, 240_000);
});

describe('Lab 02 scripts run again', () => {
  const USER = 'handson-cli-novice-user';
  const keyFile = (n: number) =>
    join(
      world.env.HANDSON_WORK_DIR!,
      '02-iam-credentials-file',
      'conf-handson-cli-iam',
      `${USER}-token-${n}.json`,
    );
  const keys = async () =>
    ((await iam().send(new ListAccessKeysCommand({ UserName: USER }))).AccessKeyMetadata ?? []).map(
      (k) => k.AccessKeyId,
    );
  const runOk = async (script: string, args: string[] = []) => {
    const run = await world.run(script, args);
    expect(run.code, explain(run)).toBe(0);
    return run;
  };

  it('keeps the first count, file and key while that key exists, and says so', async () => {
    for (const step of ['01-prepare-user.mts', '02-access-key-file-name.mts', '03-create-access-key.mts'])
      await runOk(step);
    const [first] = await keys();
    const again = await runOk('02-access-key-file-name.mts');
    // The count the blog's command prints now includes the key; the file name stays the first run's.
    expect(again.stdout).toContain("--query 'length(AccessKeyMetadata[])'\n1\n");
    expect(again.stdout).toContain(`$ echo \${COUNT_IAM_ACCESS_KEYS}\n1\n`);
    expect(again.stdout).toContain(`$ echo \${FILE_ACCESS_KEY}\n${keyFile(1)}\n`);
    expect(again.stderr).toContain(
      `The access key ${first} that ./scripts/02-iam-credentials-file/03-create`,
    );
    expect(again.stderr).toContain('counting again would give 2');
    const create = await runOk('03-create-access-key.mts');
    expect(create.stdout).not.toContain('create-access-key');
    expect(create.stderr).toContain(`The access key ${first} an earlier run made still exists`);
    expect(await keys()).toEqual([first]);
    expect(existsSync(keyFile(2))).toBe(false);
    const ini = await runOk('04-credentials-file.mts');
    const iniAgain = await runOk('04-credentials-file.mts');
    expect(iniAgain.stderr).toContain('already holds this key');
    expect(iniAgain.stdout).toBe(ini.stdout);
    await runOk('teardown.mts');
  }, 120_000);

  it('makes a new key when the first one is gone, and replaces its profile only with --overwrite', async () => {
    for (const step of ['01-prepare-user.mts', '02-access-key-file-name.mts', '03-create-access-key.mts'])
      await runOk(step);
    await runOk('04-credentials-file.mts');
    const [first] = await keys();
    await iam().send(new DeleteAccessKeyCommand({ UserName: USER, AccessKeyId: first }));
    const count = await runOk('02-access-key-file-name.mts');
    expect(count.stdout).toContain(`$ echo \${FILE_ACCESS_KEY}\n${keyFile(1)}\n`);
    const create = await runOk('03-create-access-key.mts');
    expect(create.stderr).toContain(
      'is left from an earlier run and its key no longer exists: it is replaced',
    );
    const [second] = await keys();
    expect(second).not.toBe(first);
    const refused = await world.run('04-credentials-file.mts');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `with another key (${first}): pass --overwrite to replace it with ${second}`,
    );
    const replaced = await runOk('04-credentials-file.mts', ['--overwrite']);
    expect(replaced.stdout).toContain(`aws_access_key_id=${second}\n`);
    await runOk('05-use-credentials-file.mts');
    await runOk('teardown.mts');
    expect((await iam().send(new ListUsersCommand({}))).Users).toEqual([]);
  }, 120_000);

  it("uses Lab 01's user, and leaves a user no lab made alone", async () => {
    await iam().send(
      new CreateUserCommand({ UserName: USER, Tags: [{ Key: 'handson:lab', Value: '01-iam-users-groups' }] }),
    );
    const lab01 = await runOk('01-prepare-user.mts');
    expect(lab01.stderr).toContain('made by 01-iam-users-groups');
    expect(lab01.stdout).not.toContain('create-user');
    await runOk('teardown.mts');
    // Lab 01's user stays; a user without any lab's tag stops the step before anything changes.
    await iam().send(new DeleteUserCommand({ UserName: USER }));
    await iam().send(new CreateUserCommand({ UserName: USER }));
    try {
      const run = await world.run('01-prepare-user.mts');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`error: IAM user ${USER} already exists and was not made by these labs`);
      expect(run.stdout).not.toContain('create-user');
    } finally {
      await iam().send(new DeleteUserCommand({ UserName: USER }));
    }
  }, 120_000);

  it('a step whose earlier step did not run names it, in one line', async () => {
    await runOk('teardown.mts');
    const run = await world.run('03-create-access-key.mts');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error: IAM_USER_NAME is not set yet: run ./scripts/02-iam-credentials-file/01-prepare-user.mts first.',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('lists its own options in --help', async () => {
    const run = await runOk('04-credentials-file.mts', ['--help']);
    expect(run.stdout).toMatch(/--reveal +show the secret access key/);
    expect(run.stdout).toMatch(/--overwrite +replace a \[handson-cli-novice-user\] profile/);
  });
});

describe('Lab 02 notebook on the sandbox', () => {
  it('runs in-process, matches its stored outputs, prints no secret and leaves nothing', async () => {
    const { result, printed, reruns } = await world.checkNotebookInProcess();
    expect(result.ok, describeCheck(result)).toBe(true);
    // The user, the key count (a second count would name a second file), the access key, the credentials file.
    expectSafeReruns(reruns, 4);
    // Every stage is shown, the secret masked (first three characters, then X).
    expect(printed).toMatch(
      /\| grep '\^aws_'\naws_access_key_id=AKIA[A-Z0-9]{16}\naws_secret_access_key=[A-Za-z0-9/+]{3}X{37}\n/,
    );
    expect(printed).not.toMatch(
      /(SecretAccessKey|aws_secret_access_key)["=: ]+(?![A-Za-z0-9/+]{3}X{37})[A-Za-z0-9/+]{40}/,
    );
    expect(printed).toContain('handson-cli-novice-user-token-0.json');
    expect(printed).toContain('-rw------- ');
    expect(printed).toContain('✔ クレデンシャルファイルで新しいユーザーとして署名できる');
    expect((await iam().send(new ListUsersCommand({}))).Users).toEqual([]);
    expect(
      existsSync(join(world.env.HANDSON_WORK_DIR!, '02-iam-credentials-file', 'conf-handson-cli-iam')),
    ).toBe(false);
  }, 300_000);
});

describeCliProof('02-iam-credentials-file', () => world);
describeLabContract('02-iam-credentials-file', () => world);
