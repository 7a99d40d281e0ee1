import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Constant,
  disagreement,
  NOTEBOOK_DIR,
  type Pair,
  parse,
  SCRIPTS_DIR,
  sharedConstants,
  topLevelConstants,
} from './lab-constants';

/*
 * A notebook shows its lab's constants in its own cells (a cell cannot import scripts/, and a reader copies
 * the cells), so they are a second copy of what the scripts' lab.mts exports, and a copy drifts. Each
 * notebook's top-level `const NAME = …` that reads as a constant is held against the constant its scripts
 * export under the same name, at its default (no environment variable set). Read with the TypeScript parser,
 * so no kernel runs.
 */

/**
 * Names both sides declare where only one reads as a constant, left out of the comparison on purpose. A name
 * neither side reads as one (computed on both, such as `labVars(...)` or Lab 03's EC2_INSTANCE_ARCH) is not a
 * lab constant and is not listed.
 */
const NOT_COMPARED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '05-vpc-peering-cloudformation': {
    FILE_TEMPLATE:
      "the same file, named from where each side runs: the notebook from notebooks/, its working directory; the script from its own folder (join(HERE, 'template.yaml'))",
  },
};

const labs = readdirSync(NOTEBOOK_DIR)
  .filter((name) => name.endsWith('.ipynb'))
  .map((name) => name.slice(0, -'.ipynb'.length))
  .filter((slug) => existsSync(join(SCRIPTS_DIR, slug)))
  .sort();

const readOnBothSides = (p: Pair) => p.notebook !== undefined && p.script !== undefined;
const readOnOneSide = (p: Pair) => (p.notebook === undefined) !== (p.script === undefined);

describe("notebooks show their lab's constants with the scripts' values", () => {
  it('finds every lab that has both a notebook and scripts', () => {
    expect(labs.length).toBeGreaterThanOrEqual(7);
  });

  it.each(labs)('%s: every constant the scripts also export has their default', (slug) => {
    const pairs = sharedConstants(slug).filter((p) => !NOT_COMPARED[slug]?.[p.name]);
    expect(pairs.flatMap((p) => disagreement(slug, p) ?? [])).toEqual([]);
  });

  it.each(labs)(
    '%s: a shared name that reads as a constant on one side only is listed in NOT_COMPARED',
    (slug) => {
      const oneSided = sharedConstants(slug)
        .filter(readOnOneSide)
        .map((p) => p.name);
      expect(oneSided.sort()).toEqual(Object.keys(NOT_COMPARED[slug] ?? {}).sort());
    },
  );

  it("compares the names labs 04 and 07 share with their scripts, the waits and the blog's numbers", () => {
    const compared = (slug: string) =>
      sharedConstants(slug)
        .filter(readOnBothSides)
        .map((p) => p.name);
    expect(compared('04-sqs-standard-queue-order')).toEqual(
      expect.arrayContaining([
        'LAB_SLUG',
        'SQS_QUEUE_NAME',
        'MESSAGE_COUNT',
        'VISIBILITY_TIMEOUT',
        'SETTLE_MS',
      ]),
    );
    expect(compared('07-devops-guru-dynamodb-throttling')).toEqual(
      expect.arrayContaining([
        'DYNAMODB_TABLE_NAME',
        'UNCOVERED_TABLE_NAME',
        'READ_CAPACITY_UNITS',
        'DEVOPS_GURU_LEARNING_MS',
        'LOAD_WORKERS',
        'LOAD_MAX_MS',
      ]),
    );
  });
});

describe('reading a constant without running it', () => {
  const read = (source: string) => {
    const known = new Map<string, Constant>();
    return Object.fromEntries(
      topLevelConstants(parse('x.ts', source), known).map((d) => [d.name, d.constant]),
    );
  };

  it("reads the scripts' forms at their default, with the variable that changes them", () => {
    const script = read(
      [
        "export const SLUG = '04-sqs-standard-queue-order';",
        "export const QUEUE = process.env.HANDSON_SQS_QUEUE_NAME ?? 'handson-cli-sqs-novice-queue';",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a script's template literal, as source text
        'export const FIFO = `${QUEUE}.fifo`;',
        "export const TIMEOUT = seconds('HANDSON_SQS_VISIBILITY_TIMEOUT', 120);",
        "export const WORKERS = whole('HANDSON_LOAD_WORKERS', 3, 1, 16);",
        "export const LOAD_MS = wholeMs('HANDSON_LOAD_MS', 15 * 60_000, 'HANDSON_LOAD_MINUTES');",
        "export const N = Number(process.env['HANDSON_N'] ?? 30);",
        'export const LEARNING_MS = 2 * 60 * 60 * 1000;',
        "export const REGIONS = ['ap-northeast-1', 'us-east-1'] as const;",
        "export const TAGS = { Key: 'handson:lab', Value: SLUG };",
        'export const vars = labVars(SLUG);',
        'export const PICK = Math.max(1, WORKERS);',
      ].join('\n'),
    );
    expect(script).toEqual({
      SLUG: { value: '04-sqs-standard-queue-order' },
      QUEUE: { value: 'handson-cli-sqs-novice-queue', env: 'HANDSON_SQS_QUEUE_NAME' },
      FIFO: { value: 'handson-cli-sqs-novice-queue.fifo' },
      TIMEOUT: { value: 120, env: 'HANDSON_SQS_VISIBILITY_TIMEOUT' },
      WORKERS: { value: 3, env: 'HANDSON_LOAD_WORKERS' },
      LOAD_MS: { value: 900_000, env: 'HANDSON_LOAD_MS' },
      N: { value: 30, env: 'HANDSON_N' },
      LEARNING_MS: { value: 7_200_000 },
      REGIONS: { value: ['ap-northeast-1', 'us-east-1'] },
      TAGS: { value: { Key: 'handson:lab', Value: '04-sqs-standard-queue-order' } },
      vars: undefined,
      PICK: undefined,
    });
  });

  it('tells a changed value and another variable apart from the same value written another way', () => {
    const script = { SETTLE_MS: { value: 5000, env: 'HANDSON_SQS_SETTLE_MS' }, PORT: { value: '51512' } };
    const notebook = read(
      [
        'const SETTLE_MS = 4_000;',
        'const PORT = 51512;',
        'const TIMEOUT = Number(process.env.HANDSON_VISIBILITY_TIMEOUT ?? 120);',
      ].join('\n'),
    );
    const pair = (name: string, s: Constant): Pair => ({
      name,
      cell: 6,
      file: 'lab.mts',
      notebook: notebook[name]!,
      script: s,
    });
    expect(disagreement('04-x', pair('SETTLE_MS', script.SETTLE_MS))).toBe(
      'cell 6: SETTLE_MS = 4000, but scripts/04-x/lab.mts has 5000 (HANDSON_SQS_SETTLE_MS)',
    );
    // A shell variable has no type: the cells use a number where the SDK wants one.
    expect(disagreement('04-x', pair('PORT', script.PORT))).toBeUndefined();
    expect(disagreement('04-x', pair('TIMEOUT', { value: 120, env: 'HANDSON_SQS_VISIBILITY_TIMEOUT' }))).toBe(
      'cell 6: TIMEOUT = 120 (HANDSON_VISIBILITY_TIMEOUT), but scripts/04-x/lab.mts has 120 (HANDSON_SQS_VISIBILITY_TIMEOUT)',
    );
  });
});
