import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { describeCheck } from '@handson/notebook';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCliProof } from './cli-proof';
import { explain, LabWorld, type ScriptRun } from './run-lab';

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

describe('Lab 02 scripts on the sandbox', () => {
  let runs: { steps: ScriptRun[]; teardown: ScriptRun };
  beforeAll(async () => {
    runs = await world.runAll();
  }, 240_000);

  it('runs every step', () => {
    for (const run of runs.steps) expect(run.code, explain(run)).toBe(0);
    expect(runs.steps.map((r) => r.script)).toEqual([
      '01-prepare-user.mts',
      '02-access-key-file-name.mts',
      '03-create-access-key.mts',
      '04-credentials-file.mts',
      '05-use-credentials-file.mts',
    ]);
  });

  it('counts the keys from 1 and names the file as the blog does', () => {
    const out = runs.steps[1]!.stdout;
    expect(out).toContain("--query 'length(AccessKeyMetadata[])'\n0\n");
    expect(out).toMatch(/conf-handson-cli-iam\/handson-cli-novice-user-token-1\.json\n/);
  });

  it('shows each stage of the pipeline, the secret masked, ending with the two key lines', () => {
    const out = runs.steps[3]!.stdout;
    expect(out).toMatch(
      /\| grep '\^aws_'\naws_access_key_id=AKIA[A-Z0-9]{16}\naws_secret_access_key=[A-Za-z0-9/+]{3}X{37}\n/,
    );
    expect(out).toContain("sed 's/:/=/'\nUserName=handson-cli-novice-user\n");
    expect(out).toContain('-rw------- ');
  });

  it('signs as the new user with the credentials file', () => {
    expect(runs.steps[4]!.stdout).toContain(
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

describe('Lab 02 notebook on the sandbox', () => {
  it('runs in-process, matches its stored outputs, prints no secret and leaves nothing', async () => {
    const { result, printed } = await world.checkNotebookInProcess();
    expect(result.ok, describeCheck(result)).toBe(true);
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
