import { isNumber, isObject } from '../values';
import { ExpressionRef, JmesPathRuntimeError, type Node } from './ast';
import { callFunction } from './functions';
import { isComparable, isFalse, jmesEquals, pythonCompare } from './semantics';

// Evaluates the npm `jmespath` parser's AST with the semantics of Python
// jmespath 1.0.1, the library behind `aws --query`. The npm interpreter
// differs in ways a reader of CLI output would see: `<`/`>` on booleans,
// arrays or null give true/false instead of null, and the built-in functions
// measure strings in UTF-16 units (see functions.ts). Parsing stays with the
// library; only evaluation is ours.

const child = (node: Node, i: number): Node => node.children?.[i] as Node;

function pySliceIndices(length: number, start: number | null, stop: number | null, step: number): number[] {
  // Python's slice.indices() followed by range().
  const clamp = (value: number | null, fallback: number, low: number, high: number) => {
    if (value === null) return fallback;
    const v = value < 0 ? value + length : value;
    return Math.min(Math.max(v, low), high);
  };
  const out: number[] = [];
  if (step > 0) {
    const from = clamp(start, 0, 0, length);
    const to = clamp(stop, length, 0, length);
    for (let i = from; i < to; i += step) out.push(i);
  } else {
    const from = clamp(start, length - 1, -1, length - 1);
    const to = clamp(stop, -1, -1, length - 1);
    for (let i = from; i > to; i += step) out.push(i);
  }
  return out;
}

function project(base: unknown[], rhs: Node): unknown[] {
  const collected: unknown[] = [];
  for (const element of base) {
    const current = visit(rhs, element);
    if (current !== null && current !== undefined) collected.push(current);
  }
  return collected;
}

/** `a == b`, `a < b` …: ordering is defined for numbers and strings only; anything else gives null. */
function comparison(node: Node, value: unknown): unknown {
  const left = visit(child(node, 0), value);
  const right = visit(child(node, 1), value);
  if (node.name === 'EQ') return jmesEquals(left, right);
  if (node.name === 'NE') return !jmesEquals(left, right);
  if (!isComparable(left) || !isComparable(right)) return null;
  const order = pythonCompare(left, right, 'comparison');
  switch (node.name) {
    case 'GT':
      return order > 0;
    case 'GTE':
      return order >= 0;
    case 'LT':
      return order < 0;
    case 'LTE':
      return order <= 0;
    default:
      throw new JmesPathRuntimeError(`Unknown comparator: ${node.name}`);
  }
}

/** `[i]` (negative from the end) and `[start:stop:step]`, as Python indexes and slices a list. */
function element(node: Node, value: unknown[]): unknown {
  if (node.type === 'Index') {
    const index = node.value as number;
    return value[index < 0 ? value.length + index : index] ?? null;
  }
  const [start, stop, step] = node.children as (number | null)[];
  if (step === 0) throw new JmesPathRuntimeError('slice step cannot be zero');
  return pySliceIndices(value.length, start ?? null, stop ?? null, step ?? 1).map((i) => value[i]);
}

export function visit(node: Node, value: unknown): unknown {
  switch (node.type) {
    case 'Field':
      return isObject(value) ? (value[node.name as string] ?? null) : null;
    case 'Subexpression':
    case 'IndexExpression':
    case 'Pipe': {
      let result = value;
      for (const c of node.children as Node[]) result = visit(c, result);
      return result;
    }
    case 'Index':
    case 'Slice':
      return Array.isArray(value) ? element(node, value) : null;
    case 'Projection': {
      const base = visit(child(node, 0), value);
      return Array.isArray(base) ? project(base, child(node, 1)) : null;
    }
    case 'ValueProjection': {
      const base = visit(child(node, 0), value);
      return isObject(base) ? project(Object.values(base), child(node, 1)) : null;
    }
    case 'FilterProjection': {
      const base = visit(child(node, 0), value);
      if (!Array.isArray(base)) return null;
      const kept = base.filter((element) => !isFalse(visit(child(node, 2), element)));
      return project(kept, child(node, 1));
    }
    case 'Comparator':
      return comparison(node, value);
    case 'Flatten': {
      const base = visit(child(node, 0), value);
      if (!Array.isArray(base)) return null;
      return base.flatMap((element) => (Array.isArray(element) ? element : [element]));
    }
    case 'Identity':
    case 'Current':
      return value;
    case 'MultiSelectList':
      if (value === null || value === undefined) return null;
      return (node.children as Node[]).map((c) => visit(c, value));
    case 'MultiSelectHash': {
      if (value === null || value === undefined) return null;
      const collected: Record<string, unknown> = {};
      for (const pair of node.children as { name: string; value: Node }[]) {
        collected[pair.name] = visit(pair.value, value);
      }
      return collected;
    }
    case 'OrExpression': {
      const left = visit(child(node, 0), value);
      return isFalse(left) ? visit(child(node, 1), value) : left;
    }
    case 'AndExpression': {
      const left = visit(child(node, 0), value);
      return isFalse(left) ? left : visit(child(node, 1), value);
    }
    case 'NotExpression': {
      const operand = visit(child(node, 0), value);
      // Python: `not x`, except that !0 is false (0 is not falsy in JMESPath).
      if (isNumber(operand)) return false;
      return isFalse(operand);
    }
    case 'Literal':
      return node.value;
    case 'Function':
      return callFunction(
        node.name as string,
        (node.children as Node[]).map((c) => visit(c, value)),
      );
    case 'ExpressionReference':
      return new ExpressionRef(child(node, 0), visit);
    default:
      throw new JmesPathRuntimeError(`Unknown node type: ${node.type}`);
  }
}
