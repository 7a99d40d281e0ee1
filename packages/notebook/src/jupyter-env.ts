import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { kernelLauncherPath } from './tslab-modules';

/** The folder holding the root package.json with "workspaces" (or the nearest package.json), from `start` up. */
export function projectRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  let nearest: string | undefined;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      nearest ??= dir;
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }).workspaces) return dir;
      } catch {
        // an unreadable package.json is not the root; keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return nearest ?? resolve(start);
    dir = parent;
  }
}

/** Project-local Jupyter folders (git-ignored); nothing is written to the user's home. */
export function localJupyterDir(root: string): string {
  return join(root, '.jupyter-local');
}

/** The kernelspec name: the same as a global `tslab install`, so notebooks open with either. */
export const KERNEL_NAME = 'tslab';

/** Debian's Jupyter lives in /usr/bin/python3; the python3 first on PATH may be another one. */
export function jupyterPython(): string {
  if (process.env.HANDSON_JUPYTER_PYTHON) return process.env.HANDSON_JUPYTER_PYTHON;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

export const INSTALL_JUPYTER_HELP = [
  'Install Jupyter, then run this again:',
  '  pip:    python3 -m pip install jupyterlab          (or: pip install notebook nbclient)',
  '  Debian: sudo apt-get install jupyter-notebook python3-nbclient',
  '  macOS:  brew install jupyterlab',
  'To use another Python, set HANDSON_JUPYTER_PYTHON=/path/to/python3.',
].join('\n');

export interface Availability {
  available: boolean;
  python: string;
  /** Why Jupyter cannot be used, in one line, when it cannot. */
  reason?: string;
}

// A found Jupyter stays found for the life of the process: every kernel run asked again, each time a Python
// start and three imports (about 0.4 CPU-s). A missing one is asked again, so installing it mid-session works.
const found = new Set<string>();

/** Whether `python` can drive a kernel headlessly (nbclient, nbformat, jupyter_client importable). */
export function headlessJupyterAvailability(python: string = jupyterPython()): Availability {
  if (found.has(python)) return { available: true, python };
  const probe = spawnSync(python, ['-c', 'import nbclient, nbformat, jupyter_client'], { encoding: 'utf8' });
  if (probe.error)
    return { available: false, python, reason: `${python} cannot be started (${probe.error.message})` };
  if (probe.status !== 0) {
    const last = probe.stderr.trim().split('\n').pop() ?? '';
    return {
      available: false,
      python,
      reason: `${python} has no nbclient/nbformat/jupyter_client (${last})`,
    };
  }
  found.add(python);
  return { available: true, python };
}

export function kernelSpecDir(root: string): string {
  return join(localJupyterDir(root), 'share', 'jupyter', 'kernels', KERNEL_NAME);
}

/**
 * Writes the tslab kernelspec into the project-local Jupyter path, pointing at this Node and the project's
 * tslab (what `tslab install --prefix .jupyter-local` does, without needing tslab on PATH), started through
 * bin/tslab-kernel.js, which keeps files changing on disk from breaking the next cell. Idempotent.
 */
export function installKernelSpec(root: string): string {
  const dir = kernelSpecDir(root);
  const spec = {
    argv: [process.execPath, kernelLauncherPath(), 'kernel', '--config-path', '{connection_file}'],
    display_name: 'TypeScript',
    language: 'typescript',
  };
  const text = JSON.stringify(spec, null, 1) + '\n';
  const file = join(dir, 'kernel.json');
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
    mkdirSync(dir, { recursive: true });
    // Test files run in parallel processes: write aside and rename, so Jupyter never reads half a file.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  }
  return file;
}

/**
 * Environment for Jupyter: the local kernelspec first on JUPYTER_PATH. `isolated` also keeps Jupyter's data,
 * config and runtime files (connection files) inside the project, for headless runs.
 */
export function jupyterEnv(
  root: string,
  isolated: boolean,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const local = localJupyterDir(root);
  const share = join(local, 'share', 'jupyter');
  const env: NodeJS.ProcessEnv = {
    ...base,
    JUPYTER_PATH: [share, base.JUPYTER_PATH].filter(Boolean).join(delimiter),
  };
  if (isolated) {
    env.JUPYTER_DATA_DIR = join(local, 'data');
    env.JUPYTER_CONFIG_DIR = join(local, 'config');
    env.JUPYTER_RUNTIME_DIR = join(local, 'runtime');
    env.IPYTHONDIR = join(local, 'ipython');
    env.JUPYTER_PLATFORM_DIRS = '1';
  }
  return env;
}
