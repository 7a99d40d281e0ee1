import {
  headlessJupyterAvailability,
  KERNEL_START_LIMIT_MS,
  type KernelStart,
  measureKernelStarts,
} from '@handson/notebook';
import { ROOT } from './paths';
import { ms, summarize } from './stats';

/*
 * The real tslab kernel started again and again, as Jupyter starts it, each start timed to its kernel_info reply.
 * packages/notebook/test/kernel-start.test.ts makes a few of these starts in the test suite; this makes many.
 */

export interface KernelStartsResult {
  starts: KernelStart[];
  /** Why they were not measured: no Jupyter under Debian's Python. */
  missing?: string;
}

export async function kernelStarts(count: number): Promise<KernelStartsResult> {
  const jupyter = headlessJupyterAvailability();
  if (!jupyter.available) return { starts: [], missing: jupyter.reason };
  return { starts: await measureKernelStarts({ starts: count, root: ROOT }) };
}

export function kernelStartsSection(r: KernelStartsResult, count: number): string[] {
  const heading = `## Kernel starts: the real tslab kernel, ${count} starts in a row`;
  if (r.missing) return [heading, '', `Not measured: ${r.missing}.`, ''];
  const answered = r.starts.filter((start) => start.ok).map((start) => start.ms);
  const hung = r.starts.filter((start) => !start.ok);
  const t = summarize(answered);
  return [
    heading,
    '',
    'Each start as Jupyter makes it (jupyter_client’s KernelManager under Debian’s Python, the kernelspec',
    '`npm run jupyter` installs, packages/notebook/bin/tslab-kernel.js), timed from starting the kernel process to',
    'its kernel_info reply with IOPub connected, which is what nbclient and JupyterLab wait for. A start that has',
    `not answered within ${KERNEL_START_LIMIT_MS / 1000} s counts as hung: a liveness limit, not a speed goal.`,
    'Without the launcher’s synchronous socket binds (packages/notebook/src/kernel-sockets.ts) a start now and then',
    'never answered ("Socket is blocked by a bind or unbind operation") and nbclient gave up after 60 s.',
    '',
    `| starts | answered | min | median | max | over ${KERNEL_START_LIMIT_MS / 1000} s |`,
    '| --- | --- | --- | --- | --- | --- |',
    `| ${r.starts.length} | ${answered.length} | ${answered.length ? `${ms(t.min)} | ${ms(t.median)} | ${ms(t.max)}` : '— | — | —'} | ${hung.length} |`,
    '',
    ...hung.map((start, i) => `- hung start ${i + 1}: ${start.problem}`),
    ...(hung.length ? [''] : []),
  ];
}
