import { BlockList, isIP } from 'node:net';
import type { ConditionBlock, ConditionContext, ConditionValue } from './types';
import { asArray } from './types';
import { contextValue, substituteVariables } from './variables';
import { globMatch } from './wildcard';

/**
 * The Condition element. Every operator in a block must hold (AND), every key under an operator must hold
 * (AND), and a key holds when the request's value matches any of the listed values (OR).
 *
 * Supported: String{Equals,NotEquals,EqualsIgnoreCase,NotEqualsIgnoreCase,Like,NotLike}, Bool,
 * {Not}IpAddress, Numeric*, Date*, Arn{Equals,Like,NotEquals,NotLike}, Null, the `...IfExists` suffix and the
 * `ForAnyValue:` / `ForAllValues:` set prefixes. An operator we do not know makes its statement not match
 * (for Allow that denies, for Deny that does not deny) rather than being silently ignored.
 */

type Compare = (policyValue: string, requestValue: string) => boolean;

interface Operator {
  compare: Compare;
  /** `StringNotEquals` and friends: true when the request value matches none of the policy values. */
  negated: boolean;
  /** Whether policy variables are substituted in the policy values. */
  variables: boolean;
}

const stringEquals: Compare = (p, r) => p === r;
const stringEqualsIgnoreCase: Compare = (p, r) => p.toLowerCase() === r.toLowerCase();
const stringLike: Compare = (p, r) => globMatch(p, r);
const bool: Compare = (p, r) => p.toLowerCase() === r.toLowerCase();
const ipAddress: Compare = (p, r) => ipInRange(p, r);

function numeric(test: (a: number, b: number) => boolean): Compare {
  return (p, r) => {
    const pv = Number(p);
    const rv = Number(r);
    return Number.isFinite(pv) && Number.isFinite(rv) && test(rv, pv);
  };
}

function date(test: (a: number, b: number) => boolean): Compare {
  return (p, r) => {
    const pv = parseDate(p);
    const rv = parseDate(r);
    return pv !== undefined && rv !== undefined && test(rv, pv);
  };
}

function parseDate(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

const eq = (a: number, b: number) => a === b;
const lt = (a: number, b: number) => a < b;
const le = (a: number, b: number) => a <= b;
const gt = (a: number, b: number) => a > b;
const ge = (a: number, b: number) => a >= b;

const OPERATORS: Record<string, Operator> = {
  stringequals: { compare: stringEquals, negated: false, variables: true },
  stringnotequals: { compare: stringEquals, negated: true, variables: true },
  stringequalsignorecase: { compare: stringEqualsIgnoreCase, negated: false, variables: true },
  stringnotequalsignorecase: { compare: stringEqualsIgnoreCase, negated: true, variables: true },
  stringlike: { compare: stringLike, negated: false, variables: true },
  stringnotlike: { compare: stringLike, negated: true, variables: true },
  arnequals: { compare: stringLike, negated: false, variables: true },
  arnlike: { compare: stringLike, negated: false, variables: true },
  arnnotequals: { compare: stringLike, negated: true, variables: true },
  arnnotlike: { compare: stringLike, negated: true, variables: true },
  bool: { compare: bool, negated: false, variables: false },
  ipaddress: { compare: ipAddress, negated: false, variables: false },
  notipaddress: { compare: ipAddress, negated: true, variables: false },
  numericequals: { compare: numeric(eq), negated: false, variables: false },
  numericnotequals: { compare: numeric(eq), negated: true, variables: false },
  numericlessthan: { compare: numeric(lt), negated: false, variables: false },
  numericlessthanequals: { compare: numeric(le), negated: false, variables: false },
  numericgreaterthan: { compare: numeric(gt), negated: false, variables: false },
  numericgreaterthanequals: { compare: numeric(ge), negated: false, variables: false },
  dateequals: { compare: date(eq), negated: false, variables: false },
  datenotequals: { compare: date(eq), negated: true, variables: false },
  datelessthan: { compare: date(lt), negated: false, variables: false },
  datelessthanequals: { compare: date(le), negated: false, variables: false },
  dategreaterthan: { compare: date(gt), negated: false, variables: false },
  dategreaterthanequals: { compare: date(ge), negated: false, variables: false },
};

/** Whether an operator name (with its prefixes and suffix) is one this evaluator understands. */
export function isKnownOperator(name: string): boolean {
  const { base } = splitOperator(name);
  return base === 'null' || base in OPERATORS;
}

function splitOperator(name: string): { set?: 'any' | 'all'; base: string; ifExists: boolean } {
  let rest = name.toLowerCase();
  let set: 'any' | 'all' | undefined;
  if (rest.startsWith('foranyvalue:')) {
    set = 'any';
    rest = rest.slice('foranyvalue:'.length);
  } else if (rest.startsWith('forallvalues:')) {
    set = 'all';
    rest = rest.slice('forallvalues:'.length);
  }
  const ifExists = rest.endsWith('ifexists');
  if (ifExists) rest = rest.slice(0, -'ifexists'.length);
  return set ? { set, base: rest, ifExists } : { base: rest, ifExists };
}

export function conditionsHold(block: ConditionBlock | undefined, context: ConditionContext): boolean {
  if (!block) return true;
  for (const [operatorName, keys] of Object.entries(block)) {
    for (const [key, values] of Object.entries(keys)) {
      if (!operatorHolds(operatorName, key, asArray(values), context)) return false;
    }
  }
  return true;
}

function operatorHolds(
  operatorName: string,
  key: string,
  policyValues: ConditionValue[],
  context: ConditionContext,
): boolean {
  const { set, base, ifExists } = splitOperator(operatorName);
  const raw = contextValue(context, key);
  const present = raw !== undefined && !(Array.isArray(raw) && raw.length === 0);

  if (base === 'null') {
    if (set || ifExists) return false;
    return policyValues.some((v) => String(v).toLowerCase() === String(!present));
  }
  const op = OPERATORS[base];
  if (!op) return false;

  if (!present) {
    if (ifExists) return true;
    if (set === 'all') return true;
    if (set === 'any') return false;
    return op.negated;
  }

  const wanted = policyValues
    .map((v) => (op.variables ? substituteVariables(String(v), context) : String(v)))
    .filter((v): v is string => v !== undefined);
  const matchesAny = (requestValue: string) => wanted.some((p) => op.compare(p, requestValue));
  const requestValues = asArray(raw);

  if (set === 'all') {
    return requestValues.every((rv) => (op.negated ? !matchesAny(rv) : matchesAny(rv)));
  }
  // Without a set prefix a multi-valued key behaves like ForAnyValue.
  if (op.negated)
    return set === 'any' ? requestValues.some((rv) => !matchesAny(rv)) : !requestValues.some(matchesAny);
  return requestValues.some(matchesAny);
}

function ipInRange(range: string, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  const [net, bits] = range.split('/');
  const netFamily = isIP(net ?? '');
  if (netFamily === 0) return false;
  const netType = netFamily === 6 ? 'ipv6' : 'ipv4';
  try {
    if (bits === undefined) list.addAddress(net!, netType);
    else list.addSubnet(net!, Number(bits), netType);
  } catch {
    return false;
  }
  return list.check(address, type);
}
