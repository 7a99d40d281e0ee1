import type { NormalizedSchema } from '@smithy/core/schema';

/**
 * Renders parameter values in the forms the AWS CLI v2 accepts: shorthand syntax where it can express the
 * value (`Name=tag-value,Values=handson-vpc*`, `ResourceType=instance,Tags=[{Key=Name,Value=web}]`), JSON
 * where it cannot. Returns the argument words that follow the `--param` flag.
 */

/** Characters that shorthand syntax gives a meaning to; a scalar holding one of them forces JSON. */
const SHORTHAND_SPECIAL = /[,=[\]{}\s"'\\]/;

type Shorthand = string | undefined;

function scalarText(value: unknown, schema: NormalizedSchema): string {
  if (value instanceof Date) return value.toISOString().replace(/\.000Z$/, 'Z');
  if (schema.isBlobSchema() && value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}

function isScalar(schema: NormalizedSchema): boolean {
  return (
    !schema.isListSchema() && !schema.isMapSchema() && !schema.isStructSchema() && !schema.isDocumentSchema()
  );
}

function shorthandScalar(value: unknown, schema: NormalizedSchema): Shorthand {
  const text = scalarText(value, schema);
  return text === '' || SHORTHAND_SPECIAL.test(text) ? undefined : text;
}

/** A value nested inside shorthand: scalars bare, structures `{...}`, lists `[...]`. */
function shorthandNested(value: unknown, schema: NormalizedSchema): Shorthand {
  if (isScalar(schema)) return shorthandScalar(value, schema);
  if (schema.isListSchema()) {
    if (!Array.isArray(value) || value.length === 0) return undefined;
    const items = value.map((v) => shorthandNested(v, schema.getValueSchema()));
    return items.some((i) => i === undefined) ? undefined : `[${items.join(',')}]`;
  }
  const pairs = shorthandPairs(value, schema, true);
  return pairs === undefined ? undefined : `{${pairs}}`;
}

/**
 * `A=1,B=x` for a structure or map; lists of scalars directly inside become `Values=a,b` as the CLI allows at
 * the top level. Inside braces the CLI's parser reads `{Names=a,b}` as a member `b` with no value, so there a
 * list of more than one goes in brackets: `{Names=[a,b]}`.
 */
function shorthandPairs(value: unknown, schema: NormalizedSchema, nested = false): Shorthand {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return undefined;
  const parts: string[] = [];
  for (const [key, v] of entries) {
    let member: NormalizedSchema | undefined;
    if (schema.isMapSchema()) member = schema.getValueSchema();
    else if (schema.isStructSchema()) member = schema.getMemberSchema(key);
    if (!member || SHORTHAND_SPECIAL.test(key)) return undefined;
    let rendered: Shorthand;
    const bare = nested ? Array.isArray(v) && v.length === 1 : true;
    if (
      member.isListSchema() &&
      isScalar(member.getValueSchema()) &&
      Array.isArray(v) &&
      v.length > 0 &&
      bare
    ) {
      const items = v.map((i) => shorthandScalar(i, member.getValueSchema()));
      rendered = items.some((i) => i === undefined) ? undefined : items.join(',');
    } else {
      rendered = shorthandNested(v, member);
    }
    if (rendered === undefined) return undefined;
    parts.push(`${key}=${rendered}`);
  }
  return parts.join(',');
}

/** JSON as the CLI reads it: member names as keys, timestamps as ISO 8601, blobs as text. */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toJsonValue(v)]),
    );
  }
  return value;
}

export function renderValue(value: unknown, schema: NormalizedSchema): string[] {
  if (isScalar(schema)) return [scalarText(value, schema)];
  if (schema.isListSchema()) {
    const items = Array.isArray(value) ? value : [value];
    const item = schema.getValueSchema();
    if (isScalar(item) && items.length > 0) {
      const words = items.map((v) => scalarText(v, item));
      // Separate words, as people write them, unless the CLI would misread one: a word starting with "-" is
      // taken for an option, and one starting with "[" or "{" for JSON. Then the whole list goes as JSON.
      if (!words.some((w) => /^[-[{]/.test(w) && !/^-\d+(\.\d+)?$/.test(w))) return words;
      return [JSON.stringify(toJsonValue(items))];
    }
    if (item.isStructSchema() || item.isMapSchema()) {
      const each = items.map((v) => shorthandPairs(v, item));
      if (each.length > 0 && each.every((e) => e !== undefined)) return each as string[];
    }
    return [JSON.stringify(toJsonValue(items))];
  }
  const pairs = shorthandPairs(value, schema);
  return [pairs ?? JSON.stringify(toJsonValue(value))];
}
