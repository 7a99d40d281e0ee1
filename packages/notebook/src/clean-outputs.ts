import { hasTag, isRunnable, SKIP_HEADLESS } from './cells';
import {
  type Cell,
  type DataOutput,
  joinText,
  type MultilineString,
  type Notebook,
  type Output,
  splitLines,
} from './notebook-file';

// Node's excerpt of the throwing line ("file:LINE", the line, a caret) and stack frames name paths of this
// machine and differ between the two runners; the message above them is what a reader needs.
const SOURCE_EXCERPT =
  /^(?:evalmachine\.<anonymous>|node:[\w/]+|file:\/\/[^\n]*|\/[^\n]*|[A-Za-z]:\\[^\n]*):\d+\n[^\n]*\n[ \t]*\^+[ \t]*\n\n?/gm;
const STACK_FRAME = /^[ \t]+at [^\n]*(?:\)|:\d+:\d+|<anonymous>)[ \t]*$\n?/gm;
const ELIDED_FRAMES = /^[ \t]+\.\.\. \d+ lines matching cause stack trace \.\.\.[ \t]*$\n?/gm;

// The last frame of an error that has own properties ends with " {" before them; the brace stays, on the message line.
const LAST_FRAME_OPENING_PROPERTIES = /\n[ \t]+at [^\n]*(?:\)|:\d+:\d+|<anonymous>) \{[ \t]*$/gm;

// Node's process warnings ("(node:PID) SomeWarning: …", e.g. the AWS SDK's NodeVersionSupportWarning) carry the
// process id and land in whichever cell runs when they fire: runtime noise, not what a cell shows.
const NODE_WARNING =
  /^\(node:\d+\) (?:\[[\w-]+\] )?\w*Warning: [^\n]*\n?(?:\(Use `node --trace-[\w-]+ \.\.\.` to show where the warning was created\)\n?)?/gm;

// The helpers' one-line notices about the machine rather than the lab (@handson/aws: the sandbox it started, with
// its pid; the test/test fallback when no credentials exist) depend on what was already running and configured.
const ENVIRONMENT_NOTICE =
  /^(?:No AWS credentials found: using test\/test[^\n]*|Starting the local AWS sandbox at [^\n]*|Local AWS sandbox ready at [^\n]*)\n?/gm;

export function stripNodeWarnings(text: string): string {
  return text.replace(NODE_WARNING, '').replace(ENVIRONMENT_NOTICE, '');
}

export function stripStackFrames(text: string): string {
  return text
    .replace(SOURCE_EXCERPT, '')
    .replace(STACK_FRAME, '')
    .replace(ELIDED_FRAMES, '')
    .replace(LAST_FRAME_OPENING_PROPERTIES, ' {');
}

/** Joins consecutive chunks of the same stream, as Jupyter shows them. */
export function coalesceStreams(outputs: Output[]): Output[] {
  const merged: Output[] = [];
  for (const output of outputs) {
    const last = merged[merged.length - 1];
    if (output.output_type === 'stream' && last?.output_type === 'stream' && last.name === output.name) {
      merged[merged.length - 1] = { ...last, text: joinText(last.text) + joinText(output.text) };
    } else {
      merged.push(output.output_type === 'stream' ? { ...output, text: joinText(output.text) } : output);
    }
  }
  return merged;
}

export type TextTransform = (text: string) => string;

function mapData(data: DataOutput['data'], transform: TextTransform): DataOutput['data'] {
  const mapped: DataOutput['data'] = {};
  for (const [mime, value] of Object.entries(data)) {
    const textual = mime.startsWith('text/') || mime.endsWith('json') || mime === 'image/svg+xml';
    if (textual && (typeof value === 'string' || Array.isArray(value))) {
      mapped[mime] = splitLines(transform(joinText(value as MultilineString)));
    } else {
      mapped[mime] = value;
    }
  }
  return mapped;
}

/** Applies a text transform to every textual part of the outputs. */
export function mapOutputText(outputs: Output[], transform: TextTransform): Output[] {
  return outputs.map((output): Output => {
    switch (output.output_type) {
      case 'stream':
        return {
          output_type: 'stream',
          name: output.name,
          text: splitLines(transform(joinText(output.text))),
        };
      case 'error':
        return { ...output, evalue: transform(output.evalue), traceback: output.traceback.map(transform) };
      default: {
        const cleaned: DataOutput = {
          output_type: output.output_type,
          data: mapData(output.data, transform),
          metadata: output.metadata ?? {},
        };
        if (output.output_type === 'execute_result') cleaned.execution_count = output.execution_count ?? null;
        return cleaned;
      }
    }
  });
}

/**
 * Outputs as stored: streams joined, Node warnings, environment notices and stack frames dropped, secrets masked,
 * split into lines.
 */
export function cleanOutputs(outputs: Output[], redact: TextTransform): Output[] {
  const cleaned = mapOutputText(coalesceStreams(outputs), (text) =>
    redact(stripStackFrames(stripNodeWarnings(text))),
  ).filter((output) => output.output_type !== 'stream' || joinText(output.text).length > 0);
  // A chunk emptied by the cleaning (e.g. stderr holding only the sandbox's start notice) no longer separates
  // the chunks around it: join them again, or the stored form would depend on whether the sandbox was running.
  return mapOutputText(coalesceStreams(cleaned), (text) => text);
}

/** What tslab reports about itself; pinned so a save from Jupyter and a regenerate write the same metadata. */
export const KERNEL_METADATA = {
  kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'tslab' },
  language_info: {
    codemirror_mode: { mode: 'typescript', name: 'javascript', typescript: true },
    file_extension: '.ts',
    mimetype: 'text/typescript',
    name: 'typescript',
    // tslab 1.0.22 reports this fixed string in kernel_info, whatever TypeScript it bundles (5.0.4).
    version: '3.7.2',
  },
};

const CELL_METADATA_NOISE = ['execution', 'ExecuteTime', 'collapsed', 'scrolled'];
const NOTEBOOK_METADATA_NOISE = ['widgets', 'vscode', 'interpreter'];

function cleanCellMetadata(cell: Cell): Cell['metadata'] {
  const metadata = { ...cell.metadata };
  for (const key of CELL_METADATA_NOISE) delete metadata[key];
  return metadata;
}

/**
 * The notebook as committed: fresh outputs for the cells that ran (by index), stored outputs kept for cells
 * that are not run headlessly, execution counts numbered 1, 2, 3… over the cells that ran, no timing metadata.
 */
export function cleanNotebook(nb: Notebook, freshOutputs: Map<number, Output[]>): Notebook {
  let count = 0;
  const cells = nb.cells.map((cell, index): Cell => {
    const base: Cell = { cell_type: cell.cell_type, metadata: cleanCellMetadata(cell), source: cell.source };
    if (cell.id !== undefined) base.id = cell.id;
    if (cell.attachments !== undefined) base.attachments = cell.attachments;
    base.source = splitLines(joinText(cell.source));
    if (cell.cell_type !== 'code') return base;
    const fresh = freshOutputs.get(index);
    if (fresh && isRunnable(cell)) {
      count += 1;
      return { ...base, execution_count: count, outputs: fresh };
    }
    const keep = hasTag(cell, SKIP_HEADLESS) ? (cell.outputs ?? []) : [];
    return { ...base, execution_count: null, outputs: keep };
  });
  const metadata: Record<string, unknown> = { ...nb.metadata, ...KERNEL_METADATA };
  for (const key of NOTEBOOK_METADATA_NOISE) delete metadata[key];
  return { cells, metadata, nbformat: 4, nbformat_minor: nb.nbformat_minor ?? 5 };
}
