import type { Cell } from './notebook-file';

/** The cell must throw; the run records its error output and goes on, and fails if it does not throw. */
export const RAISES_EXCEPTION = 'raises-exception';
/** Not run headlessly (for example an interactive ssh session); its stored outputs are kept as they are. */
export const SKIP_HEADLESS = 'skip-headless';

export function hasTag(cell: Cell, tag: string): boolean {
  return Array.isArray(cell.metadata.tags) && cell.metadata.tags.includes(tag);
}

export function isRunnable(cell: Cell): boolean {
  return cell.cell_type === 'code' && !hasTag(cell, SKIP_HEADLESS);
}
/** Left out of blog exports (setup cells a reader does not need). */
export const EXPORT_HIDE = 'export-hide';
