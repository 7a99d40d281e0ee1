import { WIDE_RANGES } from './wide-ranges';

function isWide(codePoint: number): boolean {
  // Binary search over the inclusive [first, last] pairs.
  let lo = 0;
  let hi = WIDE_RANGES.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const first = WIDE_RANGES[mid * 2] ?? 0;
    const last = WIDE_RANGES[mid * 2 + 1] ?? 0;
    if (codePoint < first) hi = mid - 1;
    else if (codePoint > last) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Display width as the AWS CLI's table formatter measures it: each code point
 * counts 2 when its East Asian width is Wide, Fullwidth or Ambiguous, else 1.
 * The table comes from the same Unicode data as the reference CLI's Python
 * (see scripts/generate-wide-ranges.py); width libraries on npm follow newer
 * Unicode versions and would disagree on recently added characters.
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
}
