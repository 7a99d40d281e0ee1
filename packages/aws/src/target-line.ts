import { announceAccount, clients, lookupCaller } from './clients.js';
import { setNoticeSink } from './notice.js';
import { ensureSandbox, HEALTH_PATH, sandboxCommand } from './sandbox-process.js';
import { DEFAULT_SANDBOX_URL } from './target.js';

/** What a sandbox says about itself at `/_sandbox/health`. */
export interface SandboxHealth {
  version?: string;
  dataDir?: string | null;
  pid?: number;
}

export async function sandboxHealth(url: string, timeoutMs = 2000): Promise<SandboxHealth | undefined> {
  try {
    const response = await fetch(new URL(HEALTH_PATH, `${url}/`), { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    return (await response.json()) as SandboxHealth;
  } catch {
    return undefined;
  }
}

async function sandboxLine(url: string, region: string): Promise<string> {
  const status = await ensureSandbox({ url });
  const health = (await sandboxHealth(url)) ?? {};
  const parts = [`local sandbox ${url} (${region})`];
  if (health.version) parts.push(`version ${health.version}`);
  parts.push(health.dataDir ? `data in ${health.dataDir}` : 'state in memory only');
  parts.push(
    status.started ? 'started by this run' : `already running${health.pid ? ` (pid ${health.pid})` : ''}`,
  );
  let line = `Target: ${parts.join(', ')}.`;
  // A sandbox left running by another checkout answers on the default port just as well: say so.
  const ours = sandboxCommand(new URL(url).port ? Number(new URL(url).port) : 80)?.dataDir;
  if (url === DEFAULT_SANDBOX_URL && ours && health.dataDir && health.dataDir !== ours) {
    line += ` It is not this checkout's sandbox (this checkout keeps its data in ${ours}).`;
  }
  return line;
}

/**
 * One line naming exactly where this run's requests go: which sandbox answered (version, data directory,
 * whether this run started it), or which account, region and caller an endpoint or real AWS gives.
 * On real AWS this is the account announcement itself, so it is not repeated at the first request.
 */
export async function targetLine(): Promise<string> {
  const set = clients();
  const { target } = set;
  if (target.kind === 'sandbox') return sandboxLine(target.endpoint!, target.region);
  if (target.kind === 'aws') {
    let line = '';
    const restore = setNoticeSink((text) => {
      line = text;
    });
    try {
      await announceAccount(target, set.credentials);
    } finally {
      restore();
    }
    return line || `Target: ${target.describe()}.`;
  }
  try {
    const caller = await lookupCaller(target, set.credentials);
    return `Target: ${target.describe()}, account ${caller.account} as ${caller.arn}.`;
  } catch (error) {
    return `Target: ${target.describe()}; the caller could not be looked up (${(error as Error).message}).`;
  }
}
