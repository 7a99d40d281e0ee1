import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCRIPTS_DIR } from '../_lib/labs.mts';

/**
 * Durations the labs read from the environment are in milliseconds; the names they had in seconds or minutes
 * still work, with a note, since users may have them in their shell. Read as a script reads them: the lab's
 * module loaded with only those variables set. One process per lab loads it once per environment (a fresh
 * module each time, as the script host does): a process per environment cost about 4 s of CPU each.
 */
interface Read {
  value: string;
  stderr: string;
}

function durationsWith(lab: string, constant: string, envs: Record<string, string>[]): Read[] {
  const module = join(SCRIPTS_DIR, lab, 'lab.mts');
  const program = `
    const names = new Set(${JSON.stringify(envs.flatMap((e) => Object.keys(e)))});
    const envs = ${JSON.stringify(envs)};
    const reads = [];
    const write = process.stderr.write.bind(process.stderr);
    for (const [i, env] of envs.entries()) {
      for (const name of names) delete process.env[name];
      Object.assign(process.env, env);
      let stderr = '';
      process.stderr.write = (chunk) => { stderr += chunk; return true; };
      try {
        const lab = await import(${JSON.stringify(module)} + '?env=' + i);
        reads.push({ value: String(lab.${constant}), stderr });
      } finally {
        process.stderr.write = write;
      }
    }
    console.log(JSON.stringify(reads));`;
  const run = spawnSync(
    process.execPath,
    ['--conditions=@handson/source', '--import=tsx', '--input-type=module', '-e', program],
    { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeout: 120_000 },
  );
  expect({ code: run.status, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(run.stdout) as Read[];
}

const cases = [
  {
    lab: '04-sqs-standard-queue-order',
    constant: 'SETTLE_MS',
    name: 'HANDSON_SQS_SETTLE_MS',
    former: 'HANDSON_SQS_SETTLE_SECONDS',
    fallback: '4000',
    set: ['2500', '2500'],
    formerSet: ['3', '3000'],
  },
  {
    lab: '07-devops-guru-dynamodb-throttling',
    constant: 'LOAD_MAX_MS',
    name: 'HANDSON_LOAD_MS',
    former: 'HANDSON_LOAD_MINUTES',
    fallback: '900000',
    set: ['90000', '90000'],
    formerSet: ['2', '120000'],
  },
];

describe.each(cases)('$lab: $constant', ({ lab, constant, name, former, fallback, set, formerSet }) => {
  let reads: Read[] = [];
  beforeAll(() => {
    reads = durationsWith(lab, constant, [
      {},
      { [name]: set[0]! },
      { [former]: formerSet[0]! },
      { [name]: set[0]!, [former]: formerSet[0]! },
    ]);
  });

  it(`is ${fallback} ms by default, and ${name} sets it without a word`, () => {
    expect(reads[0]).toEqual({ value: fallback, stderr: '' });
    expect(reads[1]).toEqual({ value: set[1], stderr: '' });
  });

  it(`still reads ${former} in its old unit, with a one-line note on stderr`, () => {
    expect(reads[2]).toEqual({
      value: formerSet[1],
      stderr: `note: ${former} is deprecated; set ${name} (milliseconds) instead.\n`,
    });
  });

  it(`prefers ${name} when both are set`, () => {
    expect(reads[3]).toEqual({ value: set[1], stderr: '' });
  });
});
