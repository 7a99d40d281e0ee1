import { UnrenderableResultError } from './errors';
import { textWidth } from './width';

// The layout half of `--output table`, after awscli/table.py: sections of
// rows, scaled to the widest section, pivoted to key/value rows when wider
// than the terminal.

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

const spaces = (n: number) => ' '.repeat(Math.max(0, n));

export class Section {
  /** null stands for a section built under no title (its width still counts "None", as in Python). */
  title: string | null = '';
  headers: string[] = [];
  rows: string[][] = [];
  indentLevel = 0;
  private numCols: number | undefined;
  private maxWidths: number[] = [];

  addHeader(headers: string[]): void {
    this.updateMaxWidths(headers);
    if (this.numCols === undefined) this.numCols = headers.length;
    this.headers = headers;
  }

  addRow(row: string[]): void {
    if (this.numCols === undefined) this.numCols = row.length;
    if (row.length !== this.numCols) {
      throw new UnrenderableResultError(
        `Row should have ${this.numCols} elements, instead it has ${row.length} ` +
          '(the AWS CLI cannot print this result as a table either; use --output json or a --query that makes the rows uniform)',
      );
    }
    this.rows.push(row);
    this.updateMaxWidths(row);
  }

  private updateMaxWidths(row: string[]): void {
    if (this.maxWidths.length === 0) {
      this.maxWidths = row.map(textWidth);
      return;
    }
    row.forEach((cell, i) => {
      const current = this.maxWidths[i];
      if (current === undefined) {
        throw new UnrenderableResultError(
          'A table row is longer than the rows before it; the AWS CLI fails here too.',
        );
      }
      this.maxWidths[i] = Math.max(textWidth(cell), current);
    });
  }

  /** Column widths scaled so that they sum to maxWidth (when given). */
  columnWidths(padding = 0, maxWidth?: number): number[] {
    const unscaled = this.maxWidths.map((w) => w + padding);
    if (maxWidth === undefined || unscaled.length === 0) return unscaled;
    const scale = maxWidth / unscaled.reduce((a, b) => a + b, 0);
    const scaled = unscaled.map((w) => roundHalfEven(scale * w));
    let offBy = scaled.reduce((a, b) => a + b, 0) - maxWidth;
    while (offBy !== 0) {
      const order = scaled.map((_, i) => i);
      if (offBy < 0) order.reverse();
      for (const i of order) {
        if (offBy > 0) {
          scaled[i] = (scaled[i] ?? 0) - 1;
          offBy -= 1;
        } else {
          scaled[i] = (scaled[i] ?? 0) + 1;
          offBy += 1;
        }
        if (offBy === 0) break;
      }
    }
    return scaled;
  }

  totalWidth(padding: number, outerPadding: number): number {
    const border = 2;
    const columns = this.columnWidths().reduce((sum, w) => sum + w + padding, 0);
    const total = columns + border + 2 * outerPadding;
    return Math.max(textWidth(this.title ?? 'None') + border + 2 * outerPadding, total);
  }
}

function centerText(text: string, length: number, leftEdge: string, rightEdge: string): string {
  const textLength = textWidth(text);
  const charStart = Math.floor(length / 2) - Math.floor(textLength / 2) - 1;
  const soFar = textWidth(leftEdge) + charStart + textLength;
  return `${leftEdge}${spaces(charStart)}${text}${spaces(length - textWidth(rightEdge) - soFar)}${rightEdge}`;
}

function alignLeft(text: string, length: number, leftEdge: string, rightEdge: string): string {
  const textLength = textWidth(text);
  const padding = length - (textLength + 2 + textWidth(leftEdge) + textWidth(rightEdge)) >= 0 ? 2 : 0;
  const soFar = leftEdge.length + padding + textLength;
  return `${leftEdge}${spaces(padding)}${text}${spaces(length - soFar - rightEdge.length)}${rightEdge}`;
}

function lineBreak(widths: number[]): string {
  return widths
    .map((w, i) => (i === 0 ? `+${'-'.repeat(Math.max(0, w - 2))}+` : `${'-'.repeat(Math.max(0, w - 1))}+`))
    .join('');
}

/** Single-row sections with headers become header/value rows. */
function pivot(sections: Section[]): Section[] {
  return sections.map((section) => {
    if (section.rows.length !== 1 || section.headers.length === 0) return section;
    const pivoted = new Section();
    pivoted.title = section.title;
    pivoted.indentLevel = section.indentLevel;
    const row = section.rows[0] ?? [];
    section.headers.slice(0, row.length).forEach((header, i) => {
      pivoted.addRow([header, row[i] ?? '']);
    });
    return pivoted;
  });
}

function maxWidthOf(sections: Section[]): number {
  return Math.max(...sections.map((s) => s.totalWidth(4, s.indentLevel)));
}

function renderSection(section: Section, tableWidth: number, lines: string[]): void {
  const indent = '|'.repeat(section.indentLevel);
  const emit = (line: string) => lines.push(`${indent}${line}${indent}\n`);
  const width = tableWidth - section.indentLevel * 2;
  if (section.title) {
    emit(centerText(section.title, width, '|', '|'));
    if (section.headers.length === 0 && section.rows.length === 0)
      emit(`+${'-'.repeat(Math.max(0, width - 2))}+`);
  }
  if (section.headers.length > 0) {
    const widths = section.columnWidths(4, width);
    const cells = widths
      .slice(0, section.headers.length)
      .map((w, i) => centerText(section.headers[i] ?? '', w, i === 0 ? '|' : '', '|'));
    emit(lineBreak(widths));
    emit(cells.join(''));
  }
  if (section.rows.length > 0) {
    const widths = section.columnWidths(4, width);
    if (widths.length === 0) return;
    emit(lineBreak(widths));
    for (const row of section.rows) {
      const n = Math.min(widths.length, row.length);
      const cells: string[] = [];
      for (let i = 0; i < n; i++)
        cells.push(alignLeft(row[i] ?? '', widths[i] ?? 0, i === 0 ? '|' : '', '|'));
      emit(cells.join(''));
    }
    emit(lineBreak(widths));
  }
}

/** Renders sections the way MultiTable.render() does for a given terminal width. */
export function renderSections(input: Section[], terminalWidth: number): string {
  let sections = input;
  let tableWidth = maxWidthOf(sections);
  if (tableWidth > terminalWidth) {
    sections = pivot(sections);
    tableWidth = maxWidthOf(sections);
  }
  const lines = [`${'-'.repeat(tableWidth)}\n`];
  for (const section of sections) renderSection(section, tableWidth, lines);
  return lines.join('');
}
