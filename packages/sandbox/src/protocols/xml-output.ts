import { formatTimestamp, NormalizedSchema, timestampFormat, toBase64 } from './values.js';

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

/** Escapes element text as AWS does: markup characters only, quotes stay as they are. */
export function escapeXml(s: string): string {
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
  return membersXml(ns, value, opts);
}

function membersXml(ns: NormalizedSchema, value: Record<string, unknown>, opts: XmlOutputOptions): string {
  let out = '';
  for (const [memberName, member] of ns.structIterator()) {
    const v = value[memberName];
    if (v === undefined || v === null) continue;
    const traits = member.getMergedTraits() as Record<string, unknown>;
    if (opts.skipHttpBound && (traits.httpHeader || traits.httpResponseCode || traits.httpPrefixHeaders))
      continue;
    if (traits.xmlAttribute) continue;
    const name = (traits.xmlName as string | undefined) ?? memberName;
    out += valueXml(member, name, v, opts);
  }
  return out;
}

function valueXml(ns: NormalizedSchema, name: string, value: unknown, opts: XmlOutputOptions): string {
  const flattened = Boolean(ns.getMergedTraits().xmlFlattened);
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) return '';
    const member = ns.getValueSchema();
    if (flattened) return value.map((item) => valueXml(member, name, item, opts)).join('');
    const tag = (member.getMergedTraits() as { xmlName?: string }).xmlName ?? 'member';
    return element(name, value.map((item) => valueXml(member, tag, item, opts)).join(''));
  }
  if (ns.isMapSchema()) {
    if (!value || typeof value !== 'object') return '';
    const keyTag = (ns.getKeySchema().getMergedTraits() as { xmlName?: string }).xmlName ?? 'key';
    const valueSchema = ns.getValueSchema();
    const valueTag = (valueSchema.getMergedTraits() as { xmlName?: string }).xmlName ?? 'value';
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => element(keyTag, escapeXml(k)) + valueXml(valueSchema, valueTag, v, opts),
    );
    return flattened
      ? entries.map((e) => element(name, e)).join('')
      : element(name, entries.map((e) => element('entry', e)).join(''));
  }
  if (ns.isStructSchema() || ns.isUnionSchema()) {
    return element(name, membersXml(ns, (value ?? {}) as Record<string, unknown>, opts));
  }
  return element(name, escapeXml(scalarText(ns, value, opts)));
}

export function scalarText(ns: NormalizedSchema, value: unknown, opts: XmlOutputOptions): string {
  if (ns.isTimestampSchema())
    return String(formatTimestamp(value, timestampFormat(ns, 'date-time'), opts.millis));
  if (ns.isBlobSchema()) return toBase64(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
