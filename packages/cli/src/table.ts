import { UnrenderableResultError } from './errors';
import { pyStr } from './python-str';
import { renderSections, Section } from './table-render';
import { isObject, isScalar, type JsonObject, PyFloat, PyInt, sortedKeys, type Value } from './values';

// The building half of `--output table`, after TableFormatter in
// awscli/formatter.py: the operation name titles the table, a dict's scalar
// keys become sorted column headers, its lists and dicts become indented
// sub-tables, and a list of dicts becomes one row per element.

/** Python truthiness, which decides whether anything is printed at all. */
function truthy(value: Value | undefined): boolean {
  if (value === null || value === undefined || value === false || value === '' || value === 0) return false;
  if (value instanceof PyFloat) return value.value !== 0;
  if (value instanceof PyInt) return value.value !== 0n;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

function groupScalarKeys(dict: JsonObject): { headers: string[]; more: string[] } {
  const headers: string[] = [];
  const more: string[] = [];
  for (const [key, value] of Object.entries(dict)) (isScalar(value) ? headers : more).push(key);
  return { headers: sortedKeys(headers), more: sortedKeys(more) };
}

class TableBuilder {
  readonly sections: Section[] = [];
  private current: Section | undefined;

  private newSection(title: string | null, indentLevel: number): void {
    this.current = new Section();
    this.current.title = title;
    this.current.indentLevel = indentLevel;
    this.sections.push(this.current);
  }

  private section(): Section {
    if (!this.current) throw new UnrenderableResultError('A table needs a title for its first section.');
    return this.current;
  }

  private addRow(cells: Value[]): void {
    this.section().addRow(cells.map(pyStr));
  }

  build(title: string | null, current: Value, indentLevel = 0): boolean {
    if (!truthy(current)) return false;
    if (title !== null) this.newSection(title, indentLevel);
    if (Array.isArray(current)) {
      if (isObject(current[0])) {
        this.fromList(current, indentLevel, title);
      } else {
        for (const item of current) {
          if (isScalar(item)) this.addRow([item]);
          // A dict met here iterates as its keys in Python, so its keys become the row.
          else if (isObject(item)) this.addRow(Object.keys(item));
          else if ((item as Value[]).every(isScalar)) this.addRow(item as Value[]);
          else this.build(null, item);
        }
      }
    }
    if (isObject(current)) this.fromDict(current, indentLevel);
    return true;
  }

  private fromDict(dict: JsonObject, indentLevel: number): void {
    const { headers, more } = groupScalarKeys(dict);
    if (headers.length === 1) {
      const key = headers[0] as string;
      this.addRow([key, dict[key] as Value]);
    } else if (headers.length > 0) {
      this.section().addHeader(headers);
      this.addRow(headers.map((k) => dict[k] as Value));
    }
    for (const key of more) this.build(key, dict[key] as Value, indentLevel + 1);
  }

  private fromList(list: Value[], indentLevel: number, title: string | null): void {
    const headerSet = new Set<string>();
    const moreSet = new Set<string>();
    for (const item of list) {
      if (!isObject(item)) {
        throw new UnrenderableResultError(
          `Cannot print a list mixing objects with ${pyStr(item)} as a table (the AWS CLI fails on it too); ` +
            'use --output json or text, or a --query that selects only the objects.',
        );
      }
      const { headers, more } = groupScalarKeys(item);
      for (const h of headers) headerSet.add(h);
      for (const m of more) moreSet.add(m);
    }
    const headers = sortedKeys(headerSet);
    const more = sortedKeys(moreSet);
    this.section().addHeader(headers);
    list.forEach((element, index) => {
      const dict = element as JsonObject;
      if (index > 0 && more.length > 0) {
        this.newSection(title, indentLevel);
        this.section().addHeader(headers);
      }
      // An element may lack some of the headers; those cells stay empty.
      this.addRow(headers.map((h) => (Object.hasOwn(dict, h) ? (dict[h] as Value) : '')));
      for (const key of more)
        if (Object.hasOwn(dict, key)) this.build(key, dict[key] as Value, indentLevel + 1);
    });
  }
}

export interface TableOptions {
  /** The table's title; the AWS CLI uses the operation name, e.g. DescribeInternetGateways. */
  title?: string;
  /** Columns available; the CLI uses 80 when stdout is not a terminal. */
  terminalWidth?: number;
}

/** `--output table`: the exact text the AWS CLI prints ('' when the result is empty or falsy). */
export function formatTable(result: unknown, options: TableOptions = {}): string {
  const builder = new TableBuilder();
  if (!builder.build(options.title ?? '', result as Value)) return '';
  return renderSections(builder.sections, options.terminalWidth ?? 80);
}
