// get-east-asian-width is an ES module; Node 20.19+ loads it with require() from this CommonJS build, which
// TypeScript's node16 resolution would refuse as a static import.
const { eastAsianWidth } = require('get-east-asian-width') as {
  eastAsianWidth(codePoint: number, options?: { ambiguousAsWide?: boolean }): number;
};

/**
 * Width of a string in terminal columns, from Unicode's East Asian Width property (get-east-asian-width):
 * wide and fullwidth characters count 2, combining marks and zero-width characters 0, everything else 1.
 * Used to prove a mask keeps tables aligned where rows mix Japanese and ASCII.
 */
export function stringWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    if (/\p{Mark}|\p{Default_Ignorable_Code_Point}/u.test(char)) continue;
    width += eastAsianWidth(code);
  }
  return width;
}
