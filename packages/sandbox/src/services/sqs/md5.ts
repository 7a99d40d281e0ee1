import { createHash } from 'node:crypto';

/** A message attribute as stored: binary values kept as base64 so the state stays JSON. */
export interface StoredAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export function md5Hex(data: string | Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length, 0);
  return Buffer.concat([length, bytes]);
}

/**
 * MD5OfMessageAttributes / MD5OfMessageSystemAttributes as SQS computes them: for each attribute in name
 * order, length-prefixed (4-byte big-endian) UTF-8 name and data type, one transport byte (1 for a string
 * value, 2 for a binary one) and the length-prefixed value. SDKs that verify it (Java, .NET) rebuild exactly
 * this encoding, so nothing else would do.
 */
export function md5OfAttributes(attributes: Record<string, StoredAttribute>): string | undefined {
  // Java's TreeMap order: UTF-16 code units, which is what JavaScript's default sort compares.
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const name of names) {
    const attribute = attributes[name]!;
    parts.push(lengthPrefixed(Buffer.from(name, 'utf8')));
    parts.push(lengthPrefixed(Buffer.from(attribute.DataType, 'utf8')));
    if (attribute.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      parts.push(lengthPrefixed(Buffer.from(attribute.BinaryValue, 'base64')));
    } else {
      parts.push(Buffer.from([1]));
      parts.push(lengthPrefixed(Buffer.from(attribute.StringValue ?? '', 'utf8')));
    }
  }
  return md5Hex(Buffer.concat(parts));
}
