import { NormalizedSchema, timestampFormat, toBase64, wireTimestamp } from './values.js';

/*
 * Output serialisation to XML for awsQuery, EC2 query and REST-XML, driven by the model: element names from
 * xmlName, wrapped or flattened lists and maps, ISO 8601 timestamps. Text is escaped here; the element order
 * is the model's member order, which is what AWS sends.
 */

export interface XmlOutputOptions {
  /** EC2 and S3 print timestamps with milliseconds. */
  millis: boolean;
  /** Members bound to HTTP headers or the status code are left out of the body (REST-XML). */
  skipHttpBound?: boolean;
}

const NEEDS_ESCAPE = /[&<>\r]/;

/** Escapes element text as AWS does: markup characters only, quotes stay as they are. */
export function escapeXml(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(/[&<>\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;',
  );
}

export function element(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}

/** The members of a structure value as XML elements (without a wrapper element). */
export function structMembersXml(
  schema: unknown,
  value: Record<string, unknown>,
  opts: XmlOutputOptions,
): string {
  const ns = NormalizedSchema.of(schema as never);
  if (!ns.isStructSchema()) return '';
  return membersXml(structPlan(ns), value, opts);
}

/*
 * The model is read once per shape, not once per answer: each structure compiles to a plan of its members
 * (element name, what to leave out, a writer for the member's value), cached by the shape's schema object.
 * Walking NormalizedSchema member by member for every value was most of an IAM or EC2 answer's cost.
 */

/** Writes a value as the element(s) named `name`. */
type Writer = (name: string, value: unknown, opts: XmlOutputOptions) => string;

interface MemberPlan {
  key: string;
  tag: string;
  httpBound: boolean;
  write: Writer;
}

const plans = new WeakMap<object, MemberPlan[]>();

function structPlan(ns: NormalizedSchema): MemberPlan[] {
  const key = ns.getSchema() as object;
  let plan = plans.get(key);
  if (plan) return plan;
  plan = [];
  // Stored before the members are compiled: a recursive shape finds its own (filling) plan.
  plans.set(key, plan);
  for (const [memberName, member] of ns.structIterator()) {
    const traits = member.getMergedTraits() as Record<string, unknown>;
    if (traits.xmlAttribute) continue;
    plan.push({
      key: memberName,
      tag: (traits.xmlName as string | undefined) ?? memberName,
      httpBound: Boolean(traits.httpHeader || traits.httpResponseCode || traits.httpPrefixHeaders),
      write: writerFor(member),
    });
  }
  return plan;
}

function membersXml(plan: MemberPlan[], value: Record<string, unknown>, opts: XmlOutputOptions): string {
  let out = '';
  for (const member of plan) {
    const v = value[member.key];
    if (v === undefined || v === null) continue;
    if (opts.skipHttpBound && member.httpBound) continue;
    out += member.write(member.tag, v, opts);
  }
  return out;
}

function writerFor(ns: NormalizedSchema): Writer {
  const flattened = Boolean(ns.getMergedTraits().xmlFlattened);
  if (ns.isListSchema()) {
    const member = ns.getValueSchema();
    const write = writerFor(member);
    if (flattened) {
      return (name, value, opts) => {
        if (!Array.isArray(value)) return '';
        let out = '';
        for (const item of value) out += write(name, item, opts);
        return out;
      };
    }
    const tag = (member.getMergedTraits() as { xmlName?: string }).xmlName ?? 'member';
    return (name, value, opts) => {
      if (!Array.isArray(value)) return '';
      let inner = '';
      for (const item of value) inner += write(tag, item, opts);
      return element(name, inner);
    };
  }
  if (ns.isMapSchema()) {
    const keyTag = (ns.getKeySchema().getMergedTraits() as { xmlName?: string }).xmlName ?? 'key';
    const valueSchema = ns.getValueSchema();
    const write = writerFor(valueSchema);
    const valueTag = (valueSchema.getMergedTraits() as { xmlName?: string }).xmlName ?? 'value';
    return (name, value, opts) => {
      if (!value || typeof value !== 'object') return '';
      const entries = Object.entries(value as Record<string, unknown>).map(
        ([k, v]) => element(keyTag, escapeXml(k)) + write(valueTag, v, opts),
      );
      return flattened
        ? entries.map((e) => element(name, e)).join('')
        : element(name, entries.map((e) => element('entry', e)).join(''));
    };
  }
  if (ns.isStructSchema() || ns.isUnionSchema()) {
    // Compiled on first use: a shape that contains itself would otherwise compile forever.
    let plan: MemberPlan[] | undefined;
    return (name, value, opts) => {
      plan ??= structPlan(ns);
      return element(name, membersXml(plan, (value ?? {}) as Record<string, unknown>, opts));
    };
  }
  if (ns.isTimestampSchema()) {
    const format = timestampFormat(ns, 'date-time');
    return (name, value, opts) => element(name, escapeXml(String(wireTimestamp(value, format, opts.millis))));
  }
  if (ns.isBlobSchema()) return (name, value) => element(name, escapeXml(toBase64(value)));
  return (name, value) =>
    element(name, escapeXml(value instanceof Date ? value.toISOString() : String(value)));
}

export function scalarText(ns: NormalizedSchema, value: unknown, opts: XmlOutputOptions): string {
  if (ns.isTimestampSchema())
    return String(wireTimestamp(value, timestampFormat(ns, 'date-time'), opts.millis));
  if (ns.isBlobSchema()) return toBase64(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
