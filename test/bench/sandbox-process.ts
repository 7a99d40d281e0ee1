import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths';

/** A server in its own process, as people run it, so the benchmark's clients do not share its event loop. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** From spawn to the line saying where it listens. */
  startMs: number;
  stop(): Promise<void>;
}
export type SandboxProcess = ServerProcess;

/**
 * Spawns a server and waits for `pattern` (capturing its URL) on stdout or stderr; what it writes later is
 * passed on to stderr unless `quiet`. `cleanup` runs once it has exited.
 */
export function startServerProcess(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; pattern?: RegExp; cleanup?: () => void; quiet?: boolean } = {},
): Promise<ServerProcess> {
  const pattern = opts.pattern ?? /listening on (http:\/\/\S+)/;
  const start = performance.now();
  const child: ChildProcess = spawn(cmd, args, {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise<ServerProcess>((done, fail) => {
    let out = '';
    let settled = false;
    const onData = (d: Buffer) => {
      if (settled) {
        if (!opts.quiet) process.stderr.write(d);
        return;
      }
      out += d;
      const m = pattern.exec(out);
      if (!m) return;
      settled = true;
      done({
        url: m[1]!,
        pid: child.pid!,
        startMs: performance.now() - start,
        stop: () =>
          new Promise((stopped) => {
            if (child.exitCode !== null || child.signalCode !== null) {
              opts.cleanup?.();
              stopped();
              return;
            }
            child.once('exit', () => {
              opts.cleanup?.();
              stopped();
            });
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      if (!settled) {
        opts.cleanup?.();
        fail(new Error(`${cmd} exited ${code} before listening: ${out.slice(-2000)}`));
      }
    });
  });
}

/**
 * The sandbox's CLI from its build (packages/sandbox/dist). `dataDir`: start from that state (kept);
 * `memory`: no data dir at all (state in memory only, through startSandbox), to tell the cost of saving;
 * `nodeArgs`: Node's own options (`--cpu-prof`); `hostnames`: more Host values it answers (a proxy's);
 * `packageDir`: another build of the package (a baseline's, baseline.ts).
 */
export async function startSandboxProcess(
  extraEnv: NodeJS.ProcessEnv = {},
  opts: {
    dataDir?: string;
    memory?: boolean;
    nodeArgs?: string[];
    hostnames?: string[];
    packageDir?: string;
  } = {},
): Promise<SandboxProcess> {
  const nodeArgs = opts.nodeArgs ?? [];
  const hostnames = opts.hostnames ?? [];
  const packageDir = opts.packageDir ?? join(ROOT, 'packages/sandbox');
  if (opts.memory) {
    const index = JSON.stringify(join(packageDir, 'dist/index.js'));
    const options = JSON.stringify({ port: 0, seed: 'bench', hostnames });
    const script = `process.on('SIGTERM', () => process.exit(0)); require(${index}).startSandbox(${options}).then((s) => console.log('listening on ' + s.url));`;
    return startServerProcess(process.execPath, [...nodeArgs, '-e', script], { env: extraEnv });
  }
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'handson-bench-'));
  return startServerProcess(
    process.execPath,
    [
      ...nodeArgs,
      join(packageDir, 'dist/cli.js'),
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--seed',
      'bench',
      ...hostnames.flatMap((h) => ['--hostname', h]),
    ],
    {
      env: extraEnv,
      cleanup: opts.dataDir ? undefined : () => rmSync(dataDir, { recursive: true, force: true }),
    },
  );
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Linux's USER_HZ: 100 on every mainstream kernel configuration. */
const CLOCK_TICKS = 100;
