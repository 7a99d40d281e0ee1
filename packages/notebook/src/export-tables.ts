import { stringWidth } from './display-width';

/**
 * A cell tagged `export-table` prints a table as aligned columns (two or more spaces between columns, the first
 * line the header), as the labs' printTable does for the terminal. In a post it becomes a Markdown table (both
 * Hatena and GFM read the pipe syntax); what follows the table (check marks, notes) stays a terminal block.
 */
export const EXPORT_TABLE = 'export-table';

const COLUMN_GAP = /\s{2,}/;

function columns(line: string): string[] {
  return line.trim().split(COLUMN_GAP);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export interface SplitTable {
  /** The leading table as Markdown, or undefined when the text does not start with one. */
  table?: string;
  rest: string;
}

/** Splits an aligned-columns table off the start of `text` (header and at least one row, same column count). */
export function leadingTable(text: string): SplitTable {
  const lines = text.split('\n');
  const width = columns(lines[0] ?? '').length;
  if (width < 2) return { rest: text };
  let end = 1;
  while (end < lines.length && lines[end]!.trim() !== '' && columns(lines[end]!).length === width) end++;
  if (end < 2) return { rest: text };
  const [header, ...rows] = lines.slice(0, end).map(columns);
  const numeric = header!.map((_, c) => rows.every((row) => /^-?[\d.,]+$/.test(row[c]!)));
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  const rule = `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`;
  const table = [line(header!), rule, ...rows.map(line)].join('\n');
  return { table, rest: lines.slice(end).join('\n').replace(/^\n+/, '') };
}

/** Display width of the longest line: East Asian wide characters count 2, as in a terminal. */
export function widestLine(text: string): number {
  return Math.max(0, ...text.split('\n').map(stringWidth));
}
