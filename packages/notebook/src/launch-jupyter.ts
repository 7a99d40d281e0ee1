import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  INSTALL_JUPYTER_HELP,
  installKernelSpec,
  jupyterEnv,
  jupyterPython,
  projectRoot,
} from './jupyter-env';

export interface JupyterCommand {
  /** What was found: Jupyter Lab is preferred over the classic Notebook. */
  app: 'lab' | 'notebook';
  command: string;
  args: string[];
}

function answers(command: string, args: string[], env: NodeJS.ProcessEnv): boolean {
  const probe = spawnSync(command, [...args, '--version'], { encoding: 'utf8', env, timeout: 30_000 });
  return !probe.error && probe.status === 0;
}

/** Finds Jupyter Lab or Notebook: as modules of the Jupyter Python, then as commands on PATH. */
export function findJupyterApp(env: NodeJS.ProcessEnv = process.env): JupyterCommand | undefined {
  const pythons = [...new Set([jupyterPython(), 'python3'])];
  for (const app of ['lab', 'notebook'] as const) {
    const module = app === 'lab' ? 'jupyterlab' : 'notebook';
    for (const python of pythons) {
      if (answers(python, ['-m', module], env)) return { app, command: python, args: ['-m', module] };
    }
    if (answers(`jupyter-${app}`, [], env)) return { app, command: `jupyter-${app}`, args: [] };
  }
  return undefined;
}

export interface LaunchOptions {
  root?: string;
  /** Print what would run instead of running it. */
  dryRun?: boolean;
  extraArgs?: string[];
  /** The user id Jupyter will run as (default: this process's). */
  uid?: number;
  log?: (line: string) => void;
}

/**
 * The arguments Jupyter starts with: the app's, then the user's as given. As root (Docker, CloudShell-like
 * containers) Jupyter's server refuses to start without `--allow-root`, so it is added, as Jupyter's Docker
 * images do, unless the user already says something about it (`--allow-root`, `--ServerApp.allow_root=False`).
 */
export function jupyterArgs(appArgs: string[], extraArgs: string[], uid: number | undefined): string[] {
  const allowRoot = uid === 0 && !extraArgs.some((arg) => /allow[-_]root/i.test(arg));
  return [...appArgs, ...(allowRoot ? ['--allow-root'] : []), ...extraArgs];
}

/**
 * Installs the project's tslab kernelspec into .jupyter-local (if needed) and opens Jupyter Lab or Notebook in
 * notebooks/ with it. Resolves to the exit code.
 */
export async function launchJupyter(options: LaunchOptions = {}): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const root = options.root ?? projectRoot();
  const env = jupyterEnv(root, false);
  const found = findJupyterApp(env);
  if (!found) {
    log(
      `Jupyter Lab or Notebook was not found (looked for the jupyterlab and notebook modules of ${jupyterPython()} and python3, and jupyter-lab / jupyter-notebook on PATH).`,
    );
    log(INSTALL_JUPYTER_HELP);
    return 1;
  }
  const spec = installKernelSpec(root);
  const notebooks = join(root, 'notebooks');
  const cwd = existsSync(notebooks) ? notebooks : root;
  const extraArgs = options.extraArgs ?? [];
  const args = jupyterArgs(found.args, extraArgs, options.uid ?? process.getuid?.());
  log(`kernel: TypeScript (tslab) from ${spec}`);
  if (args.length > found.args.length + extraArgs.length) {
    log('running as root: --allow-root added (Jupyter refuses to start as root without it)');
  }
  log(
    `starting Jupyter ${found.app === 'lab' ? 'Lab' : 'Notebook'} in ${cwd}: ${[found.command, ...args].join(' ')}`,
  );
  if (options.dryRun) return 0;
  return new Promise((resolve) => {
    const child = spawn(found.command, args, { cwd, env, stdio: 'inherit' });
    child.on('error', (error) => {
      log(`could not start ${found.command}: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 0));
  });
}
