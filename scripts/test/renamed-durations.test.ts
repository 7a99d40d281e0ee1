import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCRIPTS_DIR } from '../_lib/labs.mts';

/**
 * Durations the labs read from the environment are in milliseconds; the names they had in seconds or minutes
 * still work, with a note, since users may have them in their shell. Read as a script reads them: a fresh
 * process loading the lab's module with only that variable set.
 */
function durationWith(lab: string, constant: string, env: Record<string, string>) {
  const module = join(SCRIPTS_DIR, lab, 'lab.mts');
  const run = spawnSync(
    process.execPath,
    [
      '--conditions=@handson/source',
      '--import=tsx',
      '--input-type=module',
      '-e',
      `const lab = await import(${JSON.stringify(module)}); console.log(lab.${constant});`,
    ],
    { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 },
  );
  return { code: run.status, value: run.stdout.trim(), stderr: run.stderr };
}

const cases = [
  {
    lab: '04-sqs-standard-queue-order',
    constant: 'SETTLE_MS',
    name: 'HANDSON_SQS_SETTLE_MS',
    former: 'HANDSON_SQS_SETTLE_SECONDS',
    fallback: '5000',
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
  it(`is ${fallback} ms by default, and ${name} sets it without a word`, () => {
    expect(durationWith(lab, constant, {})).toEqual({ code: 0, value: fallback, stderr: '' });
    expect(durationWith(lab, constant, { [name]: set[0]! })).toEqual({ code: 0, value: set[1], stderr: '' });
  });

  it(`still reads ${former} in its old unit, with a one-line note on stderr`, () => {
    expect(durationWith(lab, constant, { [former]: formerSet[0]! })).toEqual({
      code: 0,
      value: formerSet[1],
      stderr: `note: ${former} is deprecated; set ${name} (milliseconds) instead.\n`,
    });
  });

  it(`prefers ${name} when both are set`, () => {
    expect(durationWith(lab, constant, { [name]: set[0]!, [former]: formerSet[0]! }).value).toBe(set[1]);
  });
});
