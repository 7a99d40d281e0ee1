import { AwsError } from '../../core/types';
import { toInteger } from './validate';

/**
 * Marker/MaxItems pagination as IAM does it: at most MaxItems (default 100, 1..1000) per page, IsTruncated
 * and an opaque Marker when more remain. The marker encodes the offset into the (stably sorted) listing; the
 * AWS CLI's `--max-items` is built on top of this by following markers client-side.
 */
export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/**
 * `pageSize` (the sandbox's `--page-size`) makes pages smaller than asked for, which IAM documents it may do:
 * "IAM might return fewer results, even when there are more results available" (IsTruncated tells).
 */
export function paginate<T>(all: readonly T[], input: Record<string, unknown>, pageSize?: number): Page<T> {
  const asked = toInteger('MaxItems', input.MaxItems, 1, 1000) ?? 100;
  const maxItems = pageSize === undefined ? asked : Math.min(asked, pageSize);
  const start = decodeMarker(input.Marker);
  const items = all.slice(start, start + maxItems);
  const next = start + items.length;
  if (next < all.length) return { items, IsTruncated: true, Marker: encodeMarker(next) };
  return { items, IsTruncated: false };
}

/** Adds `IsTruncated` and `Marker` to an output under its list member's name. */
export function pageOutput<T>(member: string, page: Page<T>): Record<string, unknown> {
  const out: Record<string, unknown> = { [member]: page.items, IsTruncated: page.IsTruncated };
  if (page.Marker !== undefined) out.Marker = page.Marker;
  return out;
}

function encodeMarker(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64');
}

function decodeMarker(marker: unknown): number {
  if (marker === undefined || marker === null || marker === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(marker), 'base64').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw new AwsError('ValidationError', 'Invalid Marker.');
}

/** IAM lists entities in name order. */
export function byName<T>(items: T[], name: (item: T) => string): T[] {
  // Each key lowered once rather than twice per comparison: with 40,000 users that was most of a
  // ListUsers. The sort is stable and compares the same keys, so the order is the one it always was.
  const keyed = items.map((item) => ({ key: name(item).toLowerCase(), item }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.item);
}

/** Keeps the entities whose path starts with the prefix. */
export function underPath<T extends { Path: string }>(items: T[], prefix: string): T[] {
  return items.filter((i) => i.Path.startsWith(prefix));
}
