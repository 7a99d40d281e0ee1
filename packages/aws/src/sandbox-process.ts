import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HandsonAwsError } from './errors.js';
import { notice } from './notice.js';
import type { Env } from './settings.js';
import { resolveTarget } from './target.js';

export const HEALTH_PATH = '/_sandbox/health';

/**
 * How long a probe of the sandbox's own endpoints (its health, its clock) waits for an answer. The sandbox is on
 * this machine, but a busy machine can hold an answer for seconds: with 1 s for the health check a lab bundle
 * on a loaded machine (load average near 20 on 2 cores) took its sandbox for absent, and with 2 s for the clock
 * a lab took the slow answer for "no clock" and waited for real. A port where nothing listens is refused at
 * once and an old sandbox without a clock answers 404 at once, so only a sandbox that is there and busy ever
 * uses this much of it.
 */
export const SANDBOX_ANSWER_MS = 15_000;

/** True when something answers 2xx at `<url>/_sandbox/health`. */
export async function sandboxIsHealthy(url: string, timeoutMs = SANDBOX_ANSWER_MS): Promise<boolean> {
  try {
    const response = await fetch(new URL(HEALTH_PATH, `${url}/`), { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok;
  } catch {
    return false;
  }
}

export interface SandboxCommand {
  /** Executable and arguments, ready for spawn (the executable is this Node). */
  command: string;
  args: string[];
  /** `<repo>/.sandbox-data` */
  dataDir: string;
  cwd: string;
}

function findRepoRoot(from: string): string | undefined {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, 'utf8')).workspaces) return dir;
      } catch {
        // not a readable manifest: keep looking upward
      }
    }
  }
  return undefined;
}

/**
 * How to start @handson/sandbox's CLI: from its TypeScript sources through tsx inside the repository, else
 * from its build. Resolved at run time (not a dependency of this package), so a single-file script copied
 * out of the repository finds nothing and says so.
 */
export function sandboxCommand(
  port: number,
  resolveFrom: string = process.cwd(),
  dataDirOverride?: string,
  host = '127.0.0.1',
): SandboxCommand | undefined {
  const candidates = [join(resolveFrom, 'noop.js'), __filenameOrCwd()];
  for (const base of candidates) {
    const req = createRequire(base);
    let manifest: string;
    try {
      const specifier = ['@handson', 'sandbox', 'package.json'].join('/');
      manifest = req.resolve(specifier);
    } catch {
      continue;
    }
    const packageDir = dirname(manifest);
    const repo = findRepoRoot(dirname(packageDir)) ?? findRepoRoot(packageDir) ?? process.cwd();
    const dataDir = dataDirOverride ?? join(repo, '.sandbox-data');
    const common = ['--port', String(port), '--host', host, '--data-dir', dataDir];
    const source = join(packageDir, 'src', 'cli.ts');
    let tsx: string | undefined;
    try {
      tsx = createRequire(manifest).resolve('tsx');
    } catch {
      tsx = undefined;
    }
    if (existsSync(source) && tsx) {
      const args = ['--conditions=@handson/source', `--import=${pathToFileURL(tsx).href}`, source, ...common];
      return { command: process.execPath, args, dataDir, cwd: repo };
    }
    const built = join(packageDir, 'dist', 'cli.js');
    if (existsSync(built)) return { command: process.execPath, args: [built, ...common], dataDir, cwd: repo };
  }
  return undefined;
}

function __filenameOrCwd(): string {
  // `__filename` exists in the CommonJS build and under vitest/tsx; not in an ESM bundle.
  return typeof __filename === 'string' ? __filename : join(process.cwd(), 'noop.js');
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface EnsureSandboxOptions {
  env?: Env;
  /** The sandbox URL (default: from the environment's target). */
  url?: string;
  /** Start one when none answers (default true). */
  start?: boolean;
  /** How long to wait for a started sandbox to become healthy (default 60 s). */
  waitMs?: number;
  /** Where a started sandbox keeps its state (default `<repo>/.sandbox-data`). */
  dataDir?: string;
}

export interface SandboxStatus {
  url: string;
  started: boolean;
  pid?: number;
  logFile?: string;
}

const pending = new Map<string, Promise<SandboxStatus>>();

/**
 * Makes sure a sandbox answers at HANDSON_SANDBOX_URL, starting one in the background when none does.
 * Concurrent callers share one attempt; a failed attempt is forgotten so the next call tries again.
 */
export function ensureSandbox(options: EnsureSandboxOptions = {}): Promise<SandboxStatus> {
  let url = options.url;
  if (url === undefined) {
    const target = resolveTarget(options.env ?? process.env);
    if (target.kind !== 'sandbox' || !target.endpoint) {
      return Promise.resolve({ url: target.endpoint ?? '', started: false });
    }
    url = target.endpoint;
  }
  let attempt = pending.get(url);
  if (!attempt) {
    attempt = startIfNeeded(url, options).catch((error) => {
      pending.delete(url);
      throw error;
    });
    pending.set(url, attempt);
  }
  return attempt;
}

async function startIfNeeded(url: string, options: EnsureSandboxOptions): Promise<SandboxStatus> {
  if (await sandboxIsHealthy(url)) return { url, started: false };
  const what = `No local AWS sandbox answers at ${url}`;
  if (options.start === false) {
    throw new HandsonAwsError(
      'SandboxUnavailable',
      `${what}: start it with \`npm run sandbox\` (or set HANDSON_SANDBOX_URL to where it listens).`,
    );
  }
  const parsed = new URL(url);
  if (!LOOPBACK.has(parsed.hostname)) {
    throw new HandsonAwsError(
      'SandboxUnavailable',
      `${what}, and it is not on this machine, so it cannot be started from here: start it there, or fix HANDSON_SANDBOX_URL.`,
    );
  }
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  // Listen on exactly the address the URL names (localhost may resolve to ::1 before 127.0.0.1).
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const command = sandboxCommand(port, process.cwd(), options.dataDir, host);
  if (!command) {
    throw new HandsonAwsError(
      'SandboxUnavailable',
      `${what}, and @handson/sandbox is not installed next to this script: run \`npm run sandbox\` in a clone of ` +
        'the repository, or target another endpoint (AWS_ENDPOINT_URL) or real AWS (HANDSON_TARGET=aws).',
    );
  }
  mkdirSync(command.dataDir, { recursive: true });
  const logFile = join(command.dataDir, 'sandbox-process.log');
  const log = openSync(logFile, 'a');
  notice(`Starting the local AWS sandbox at ${url} (log: ${logFile}) …`);
  const child = spawn(command.command, command.args, {
    cwd: command.cwd,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env },
  });
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  child.on('error', (error) => {
    exited = error.message;
  });
  child.unref();
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  while (Date.now() < deadline) {
    if (await sandboxIsHealthy(url, 500)) {
      notice(`Local AWS sandbox ready at ${url} (pid ${child.pid}; stop it with: kill ${child.pid}).`);
      return { url, started: true, ...(child.pid ? { pid: child.pid } : {}), logFile };
    }
    if (exited) {
      // Another process may have started one on the same port in the meantime.
      if (await sandboxIsHealthy(url)) return { url, started: false };
      throw new HandsonAwsError(
        'SandboxUnavailable',
        `The local AWS sandbox did not start (${exited}); see ${logFile}:\n${tail(logFile)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new HandsonAwsError(
    'SandboxUnavailable',
    `The local AWS sandbox started (pid ${child.pid}) but ${url}${HEALTH_PATH} did not answer in time; see ${logFile}.`,
  );
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
