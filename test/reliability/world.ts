import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSandbox, startSandbox } from '@handson/sandbox';
import { readSavedState } from '../../packages/sandbox/src/core/state.ts';

/** A sandbox in this process with a private data dir, for tests that read its persisted state. */
export async function privateSandbox(seed = 'reliability'): Promise<{
  sandbox: RunningSandbox;
  dataDir: string;
  state(): Record<string, unknown>;
  close(): Promise<void>;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'handson-reliability-'));
  const sandbox = await startSandbox({ port: 0, host: '127.0.0.1', dataDir, seed });
  return {
    sandbox,
    dataDir,
    state: () => readState(dataDir),
    close: async () => {
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What the data dir holds (snapshot and journal as one document). */
export function readState(dataDir: string): Record<string, unknown> {
  return readSavedState(dataDir) as unknown as Record<string, unknown>;
}

/**
 * The services' state without what rightly changes on a rejected request: the random generator's position
 * and the audit trail (CloudTrail records failed calls too, as AWS does).
 */
export function serviceState(doc: Record<string, unknown>): unknown {
  const accounts = (doc.accounts ?? {}) as Record<string, Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const [account, services] of Object.entries(accounts)) {
    const { cloudtrail: _audit, ...rest } = services;
    out[account] = rest;
  }
  return withoutEmpty(out);
}

/** Drops empty objects and arrays: a scope created on first look at it (`{ stacks: [] }`) is no change. */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const kept = withoutEmpty(v);
      if (kept !== undefined) out[k] = kept;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}
