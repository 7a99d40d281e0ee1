import { inspect, isDeepStrictEqual } from 'node:util';

/**
 * Assertions for 確認 (check) cells: each prints one short ✔ line when it holds and throws a CheckError with
 * a clear message when it does not, so running the notebook is a test.
 */
export class CheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckError';
  }
}

function show(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: 100, compact: 3, sorted: false });
}

function pass(message: string): void {
  console.log(`✔ ${message}`);
}

/** Passes when `condition` is truthy. */
export function check(condition: unknown, message: string): void {
  if (!condition) throw new CheckError(`check failed: ${message}`);
  pass(message);
}

/** Passes when `actual` deep-equals `expected` (strict). */
export function checkEqual<T>(actual: T, expected: T, message?: string): void {
  const label = message ?? `equals ${show(expected)}`;
  if (!isDeepStrictEqual(actual, expected)) {
    throw new CheckError(
      `check failed: ${label}\n  expected: ${show(expected)}\n  actual:   ${show(actual)}`,
    );
  }
  pass(message ?? `${show(actual)}`);
}

/** Passes when `text` matches `pattern` (a RegExp, or a string that must occur). */
export function checkMatch(text: string, pattern: RegExp | string, message?: string): void {
  const ok = typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
  const label = message ?? `matches ${typeof pattern === 'string' ? show(pattern) : String(pattern)}`;
  if (!ok) throw new CheckError(`check failed: ${label}\n  text: ${show(text)}`);
  pass(label);
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; Code?: unknown; code?: unknown };
    for (const candidate of [e.name, e.Code, e.code]) if (typeof candidate === 'string') return candidate;
  }
  return typeof error;
}

/**
 * Passes when `action` throws (or rejects) an error whose name, code or message matches `expected`; prints the
 * error's name and message in one line. Returns the error for further checks.
 */
export async function checkThrows(
  action: () => unknown,
  expected: RegExp | string,
  message?: string,
): Promise<unknown> {
  let thrown: unknown;
  let threw = false;
  try {
    await action();
  } catch (error) {
    threw = true;
    thrown = error;
  }
  const label = message ?? `throws ${String(expected)}`;
  if (!threw) throw new CheckError(`check failed: ${label}\n  nothing was thrown`);
  const name = errorName(thrown);
  const text = thrown instanceof Error ? thrown.message : String(thrown);
  const matches =
    typeof expected === 'string'
      ? name === expected || text.includes(expected)
      : expected.test(`${name}: ${text}`);
  if (!matches) throw new CheckError(`check failed: ${label}\n  thrown: ${name}: ${text}`);
  pass(`${label} (${name}: ${text})`);
  return thrown;
}
