/**
 * IAM's glob: `*` matches any run of characters (also across `:` and `/`), `?` exactly one. Actions are
 * matched case-insensitively, resources and string conditions case-sensitively.
 */

const cache = new Map<string, RegExp>();

function compile(pattern: string, ignoreCase: boolean): RegExp {
  const cacheKey = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  let re = cache.get(cacheKey);
  if (!re) {
    let source = '';
    let literal = false;
    for (const ch of pattern) {
      // A NUL marks the next character as literal: what `${*}` / `${?}` policy variables leave behind.
      if (ch === '\u0000') literal = true;
      else if (!literal && ch === '*') source += '.*';
      else if (!literal && ch === '?') source += '.';
      else {
        source += ch.replace(/[.*?+^${}()|[\]\\/-]/g, '\\$&');
        literal = false;
      }
    }
    re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    if (cache.size > 5000) cache.clear();
    cache.set(cacheKey, re);
  }
  return re;
}

export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  return compile(pattern, ignoreCase).test(value);
}

export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(pattern, action, true);
}
