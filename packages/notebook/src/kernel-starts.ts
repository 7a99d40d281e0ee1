import {
  headlessJupyterAvailability,
  installKernelSpec,
  jupyterEnv,
  KERNEL_NAME,
  projectRoot,
} from './jupyter-env';
import { pythonScript, runPythonDriver } from './python-driver';
import { JupyterUnavailableError } from './run-jupyter';

export interface KernelStart {
  /** From starting the kernel process to its kernel_info reply; the limit when it did not answer. */
  ms: number;
  ok: boolean;
  /** Why it did not answer, with the end of the kernel's stderr. */
  problem?: string;
}

export interface KernelStartOptions {
  starts: number;
  /** A start that has not answered by then counts as hung: a liveness limit, not a speed goal. */
  limitMs?: number;
  root?: string;
  python?: string;
}

/** A healthy start answers well within this (in 1.5–5 s on a busy two-core machine, measured in BENCHMARKS.md). */
export const KERNEL_START_LIMIT_MS = 10_000;

/**
 * Starts the project's kernel `starts` times in a row, as Jupyter does (jupyter_client under Jupyter's Python,
 * the kernelspec from .jupyter-local), and times each start up to its kernel_info reply.
 */
export async function measureKernelStarts(options: KernelStartOptions): Promise<KernelStart[]> {
  const availability = headlessJupyterAvailability(options.python);
  if (!availability.available) throw new JupyterUnavailableError(availability.reason ?? 'unknown reason');
  const root = options.root ?? projectRoot();
  installKernelSpec(root);
  const result = await runPythonDriver<{ starts?: KernelStart[]; fatal?: string }>(
    availability.python,
    pythonScript('kernel_starts.py'),
    jupyterEnv(root, true),
    {
      kernelName: KERNEL_NAME,
      starts: options.starts,
      limitMs: options.limitMs ?? KERNEL_START_LIMIT_MS,
      cwd: root,
    },
  );
  if (!result.starts) throw new JupyterUnavailableError(result.fatal ?? 'the driver returned no starts');
  return result.starts.map(({ ms, ok, problem }) => (problem ? { ms, ok, problem } : { ms, ok }));
}
