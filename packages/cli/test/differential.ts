import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type OutputFormat, parseJsonText, renderResponse, type Value } from '../src/index';
import { RANDOM_QUERIES, randomExpression, randomResponseJson } from './random-shapes';

// Runs every fixture through the AWS CLI's own formatter (test/awscli_format.py
// under /usr/bin/python3) and through this package, and compares the bytes.

export const PYTHON = '/usr/bin/python3';
// __filename, not __dirname: tsx's loader mangles the latter for .mts importers.
const HERE = dirname(__filename);
const FIXTURES = join(HERE, 'fixtures');

interface FixtureCase {
  query?: string;
  outputs?: OutputFormat[];
  terminalWidth?: number;
}

interface Fixture {
  about: string;
  operation: string;
  cases: FixtureCase[];
}

export interface Case {
  name: string;
  /** A fixture file, or inline JSON text, holding {"response": ...}. */
  file?: string;
  json?: string;
  output: OutputFormat;
  query?: string;
  title: string;
  terminalWidth?: number;
}

export interface Outcome {
  stdout?: string;
  error?: string;
}

export function fixtureFiles(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(FIXTURES, f));
}

/** Every fixture printed as json, text and table, plus its own --query cases. */
export function corpusCases(): Case[] {
  const cases: Case[] = [];
  for (const file of fixtureFiles()) {
    const fixture = JSON.parse(readFileSync(file, 'utf8')) as Fixture;
    const base = file.slice(FIXTURES.length + 1, -'.json'.length);
    const all: FixtureCase[] = [{ outputs: ['json', 'text', 'table'] }, ...fixture.cases];
    for (const c of all) {
      for (const output of c.outputs ?? ['json', 'text', 'table']) {
        const parts = [base, output, c.query === undefined ? '' : `--query ${c.query}`];
        if (c.terminalWidth !== undefined) parts.push(`(${c.terminalWidth} columns)`);
        cases.push({
          name: parts.filter(Boolean).join(' '),
          file,
          output,
          query: c.query,
          title: fixture.operation,
          terminalWidth: c.terminalWidth,
        });
      }
    }
  }
  return cases;
}

/** Seeded random shapes in every output, and random queries over some of them. */
export function randomCases(shapes = 150, queried = 15, expressions = 400): Case[] {
  const cases: Case[] = [];
  for (let seed = 1; seed <= shapes; seed++) {
    const json = randomResponseJson(seed);
    for (const output of ['json', 'text', 'table'] as const) {
      cases.push({ name: `random shape ${seed} ${output}`, json, output, title: 'RandomOperation' });
    }
  }
  for (let seed = 1; seed <= queried; seed++) {
    const json = randomResponseJson(seed);
    for (const query of RANDOM_QUERIES) {
      for (const output of ['json', 'text'] as const) {
        cases.push({
          name: `random shape ${seed} ${output} --query ${query}`,
          json,
          output,
          query,
          title: 'Q',
        });
      }
    }
  }
  for (let seed = 1; seed <= expressions; seed++) {
    const query = randomExpression(seed);
    const json = randomResponseJson(1 + (seed % 60));
    cases.push({
      name: `random expression ${seed} --query ${query}`,
      json,
      output: 'json',
      query,
      title: 'Q',
    });
  }
  return cases;
}

/** Why the reference formatter cannot run here, or undefined when it can. */
export function referenceUnavailable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import awscli.formatter, jmespath'], { encoding: 'utf8' });
  if (probe.status === 0) return undefined;
  return (
    `${PYTHON} cannot import the AWS CLI's formatter (${(probe.error?.message ?? probe.stderr).trim()}). ` +
    "Install Debian's AWS CLI v2 package for it: sudo apt-get install awscli"
  );
}

export function runReference(cases: Case[]): Outcome[] {
  const result = spawnSync(PYTHON, [join(HERE, 'awscli_format.py')], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`awscli_format.py failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as Outcome[];
}

export function runOurs(c: Case): Outcome {
  try {
    const text = c.json ?? readFileSync(c.file ?? '', 'utf8');
    const fixture = parseJsonText(text) as { response: Value };
    return {
      stdout: renderResponse(fixture.response, {
        output: c.output,
        query: c.query,
        title: c.title,
        terminalWidth: c.terminalWidth,
      }),
    };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

/** The same verdict either way: equal bytes, or both refuse the input. */
export function agrees(reference: Outcome, ours: Outcome): boolean {
  if (reference.error !== undefined) return ours.error !== undefined;
  return ours.stdout === reference.stdout;
}
