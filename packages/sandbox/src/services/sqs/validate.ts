import { invalidMessageContents, invalidParameter, invalidParameterValue, missingParameter } from './errors';
import type { StoredAttribute } from './md5';

/** The characters SQS accepts in a message body: #x9 #xA #xD #x20–#xD7FF #xE000–#xFFFD #x10000–#x10FFFF. */
export function firstInvalidCharacter(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        i++;
        continue;
      }
      return unit;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return unit;
    const ok =
      unit === 0x9 ||
      unit === 0xa ||
      unit === 0xd ||
      (unit >= 0x20 && unit <= 0xd7ff) ||
      (unit >= 0xe000 && unit <= 0xfffd);
    if (!ok) return unit;
  }
  return undefined;
}

const ALLOWED_SET = '#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]';

export function checkBody(body: unknown): string {
  if (body === undefined || body === null || body === '') throw missingParameter('MessageBody');
  const text = String(body);
  const bad = firstInvalidCharacter(text);
  if (bad !== undefined) {
    throw invalidMessageContents(
      `Invalid binary character '#x${bad.toString(16).toUpperCase()}' was found in the message body, the set of allowed characters is ${ALLOWED_SET}.`,
    );
  }
  return text;
}

/** An integer parameter, or the default; `reason` is SQS's wording of the allowed range. */
export function intParameter(
  name: string,
  value: unknown,
  min: number,
  max: number,
  reason: string,
): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw invalidParameter(name, value, reason);
  return n;
}

function toBase64(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return undefined;
}

const ATTRIBUTE_NAME = /^[A-Za-z0-9_\-.]{1,256}$/;

/**
 * MessageAttributes as SQS validates them: at most 10; names of letters, digits, `_-.`, not starting with
 * `AWS.`/`Amazon.`, no leading/trailing or double dots; DataType String, Number or Binary (optionally with a
 * `.custom` suffix) and a non-empty value of the matching kind.
 */
export function checkMessageAttributes(input: unknown): Record<string, StoredAttribute> {
  const out: Record<string, StoredAttribute> = {};
  if (input === undefined || input === null) return out;
  const entries = Object.entries(input as Record<string, Record<string, unknown>>);
  if (entries.length > 10) {
    throw invalidParameterValue(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`,
    );
  }
  for (const [name, value] of entries) {
    if (!ATTRIBUTE_NAME.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
      throw invalidParameterValue(
        'Message (user) attributes name can only contain upper and lower score characters, digits, periods, hyphens and underscores. ',
      );
    }
    if (/^(aws|amazon)\./i.test(name)) {
      throw invalidParameterValue(
        "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use.",
      );
    }
    const dataType = value?.DataType;
    if (typeof dataType !== 'string' || dataType === '') {
      throw invalidParameterValue(
        `The message attribute '${name}' must contain non-empty message attribute type.`,
      );
    }
    const base = dataType.split('.')[0];
    if (base === 'String' || base === 'Number') {
      const text = value.StringValue;
      if (typeof text !== 'string' || text === '') {
        throw invalidParameterValue(
          `Message (user) attribute '${name}' must contain a non-empty value of type 'String'.`,
        );
      }
      if (firstInvalidCharacter(text) !== undefined) {
        throw invalidParameterValue(
          `Message (user) attribute '${name}' contains characters outside the allowed set.`,
        );
      }
      if (base === 'Number' && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
        throw invalidParameterValue(
          `Can't cast the value of message (user) attribute '${name}' to a number.`,
        );
      }
      out[name] = { DataType: dataType, StringValue: text };
    } else if (base === 'Binary') {
      const binary = toBase64(value.BinaryValue);
      if (!binary) {
        throw invalidParameterValue(
          `Message (user) attribute '${name}' must contain a non-empty value of type 'Binary'.`,
        );
      }
      out[name] = { DataType: dataType, BinaryValue: binary };
    } else {
      throw invalidParameterValue(
        `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
      );
    }
  }
  return out;
}

/** Bytes a message counts against MaximumMessageSize: body plus attribute names, types and values. */
export function messageSize(body: string, attributes: Record<string, StoredAttribute>): number {
  let size = Buffer.byteLength(body, 'utf8');
  for (const [name, attribute] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(attribute.DataType, 'utf8');
    if (attribute.BinaryValue !== undefined) size += Buffer.from(attribute.BinaryValue, 'base64').length;
    else size += Buffer.byteLength(attribute.StringValue ?? '', 'utf8');
  }
  return size;
}

const FIFO_ID = /^[\x21-\x7e]{1,128}$/;

/** MessageGroupId / MessageDeduplicationId: 1–128 printable ASCII characters without spaces. */
export function checkFifoId(
  name: 'MessageGroupId' | 'MessageDeduplicationId',
  value: unknown,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  if (!FIFO_ID.test(text)) {
    throw invalidParameter(
      name,
      text,
      `${name} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  }
  return text;
}

export const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
