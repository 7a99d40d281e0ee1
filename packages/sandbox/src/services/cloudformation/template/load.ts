/**
 * Turns a template body (JSON or YAML) into plain JSON-form values, expanding CloudFormation's YAML short forms
 * (`!Ref X` → `{ Ref: X }`, `!GetAtt A.B` → `{ 'Fn::GetAtt': ['A', 'B'] }`, ...) and remembering where each value
 * sits in the source, so later validation errors can name a line and column.
 *
 * The `yaml` library parses; we walk its document tree ourselves because a short-form tag's meaning depends on
 * the node kind under it (`!GetAtt A.B` vs `!GetAtt [A, B]`) and we want the source positions anyway.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { TemplateError } from './errors';
import { type PathPart, pathKey } from './paths';

export type { PathPart } from './paths';

export interface Position {
  line: number;
  column: number;
}

export interface LoadedTemplate {
  value: unknown;
  format: 'JSON' | 'YAML';
  /** Where the value at `path` (or its nearest located ancestor) starts in the source. */
  locate(path: readonly PathPart[]): Position | undefined;
}

/** Short-form tag → the long-form function name. `Ref` and `Condition` are not `Fn::` prefixed. */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!GetAZs': 'Fn::GetAZs',
  '!FindInMap': 'Fn::FindInMap',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!ImportValue': 'Fn::ImportValue',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

function looksLikeJson(body: string): boolean {
  return body.trimStart().startsWith('{');
}

export function loadTemplateBody(body: string): LoadedTemplate {
  if (looksLikeJson(body)) return loadJson(body);
  return loadYaml(body);
}

function lineColumnAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}

function loadJson(body: string): LoadedTemplate {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at ? lineColumnAt(body, Number(at[1])) : yamlErrorPosition(body);
    throw new TemplateError(
      `Template format error: JSON not well-formed.${where ? ` (line ${where.line}, column ${where.column})` : ''}`,
    );
  }
  // Positions come from a YAML parse of the same text (JSON is YAML); if that fails we still have paths.
  let positions = new Map<string, Position>();
  try {
    positions = walkForPositions(body);
  } catch {
    positions = new Map();
  }
  return { value, format: 'JSON', locate: locator(positions) };
}

/** Node's JSON.parse no longer says where it stopped; the YAML parser (JSON is YAML) usually can. */
function yamlErrorPosition(body: string): Position | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(body, { lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (!first) return undefined;
  const p = lineCounter.linePos(first.pos[0]);
  return { line: p.line, column: p.col };
}

function walkForPositions(body: string): Map<string, Position> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(body, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) return new Map();
  const positions = new Map<string, Position>();
  convert(doc.contents as Node | null, [], positions, lineCounter, doc, false, body);
  return positions;
}

function loadYaml(body: string): LoadedTemplate {
  const lineCounter = new LineCounter();
  const doc = parseDocument(body, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    throw new TemplateError(
      `Template format error: YAML not well-formed. (line ${pos.line}, column ${pos.col}): ${firstError.message.split('\n')[0]}`,
    );
  }
  const positions = new Map<string, Position>();
  const value = convert(doc.contents as Node | null, [], positions, lineCounter, doc, true, body);
  return { value, format: 'YAML', locate: locator(positions) };
}

function locator(positions: Map<string, Position>) {
  return (path: readonly PathPart[]): Position | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const hit = positions.get(pathKey(path.slice(0, n)));
      if (hit) return hit;
    }
    return undefined;
  };
}

type Doc = ReturnType<typeof parseDocument>;

function convert(
  node: Node | null | undefined,
  path: PathPart[],
  positions: Map<string, Position>,
  lc: LineCounter,
  doc: Doc,
  expandTags: boolean,
  src: string,
): unknown {
  if (node == null) return null;
  if (isAlias(node)) return convert(node.resolve(doc) as Node, path, positions, lc, doc, expandTags, src);
  if (node.range) {
    // A short form's position is its tag (`!Ref X` points at `!Ref`), found just before the value.
    const tagAt = node.tag?.startsWith('!') ? src.lastIndexOf(node.tag, node.range[0]) : -1;
    const p = lc.linePos(tagAt >= 0 ? tagAt : node.range[0]);
    positions.set(pathKey(path), { line: p.line, column: p.col });
  }
  let plain: unknown;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = String(isScalar(keyNode) ? keyNode.value : keyNode);
      if (isScalar(keyNode) && keyNode.range) {
        const p = lc.linePos(keyNode.range[0]);
        positions.set(pathKey([...path, key]), { line: p.line, column: p.col });
      }
      const saved = positions.get(pathKey([...path, key]));
      out[key] = convert(pair.value as Node | null, [...path, key], positions, lc, doc, expandTags, src);
      // Point at the key (where the reader looks), not at the value after it.
      if (saved) positions.set(pathKey([...path, key]), saved);
    }
    plain = out;
  } else if (isSeq(node)) {
    plain = node.items.map((item, i) =>
      convert(item as Node, [...path, i], positions, lc, doc, expandTags, src),
    );
  } else if (isScalar(node)) {
    plain = node.value;
    // Tagged scalars the core schema did not resolve keep their source text.
    if (node.tag && typeof plain !== 'string' && plain !== null) plain = String(node.source ?? plain);
  } else {
    plain = null;
  }
  const tag = node.tag;
  if (!expandTags || !tag?.startsWith('!') || tag.startsWith('!!')) return plain;
  const fn = SHORT_FORMS[tag];
  if (!fn) {
    const warning = doc.warnings.find((w) => w.message.includes(tag));
    const offset = warning?.pos[0] ?? node.range?.[0];
    const where = offset !== undefined ? lc.linePos(offset) : undefined;
    throw new TemplateError(
      `Template format error: unknown YAML tag ${tag}${where ? ` (line ${where.line}, column ${where.col})` : ''}. ` +
        `Supported short forms: ${Object.keys(SHORT_FORMS).join(', ')}.`,
    );
  }
  if (fn === 'Fn::GetAtt' && typeof plain === 'string') {
    const dot = plain.indexOf('.');
    return { [fn]: dot < 0 ? [plain] : [plain.slice(0, dot), plain.slice(dot + 1)] };
  }
  if (fn === 'Fn::GetAZs' && plain === null) return { [fn]: '' };
  return { [fn]: plain };
}
