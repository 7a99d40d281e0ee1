import type { ConditionContext } from './types';

/** Finds a context value by key name, ignoring case as IAM does for key names. */
export function contextValue(context: ConditionContext, key: string): string | string[] | undefined {
  if (key in context) return context[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * Substitutes policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${*}`, `${?}`, `${$}`) in a
 * Resource or condition value. A variable with no single-valued key in the request makes the value unusable,
 * which IAM treats as "does not match": we return undefined for that.
 */
export function substituteVariables(value: string, context: ConditionContext): string | undefined {
  if (!value.includes('${')) return value;
  let missing = false;
  const out = value.replace(/\$\{([^}]*)\}/g, (_all, name: string) => {
    if (name === '*' || name === '?' || name === '$') return `\u0000${name}`;
    const [key, fallback] = splitDefault(name);
    const v = contextValue(context, key);
    if (typeof v === 'string') return v;
    if (fallback !== undefined) return fallback;
    missing = true;
    return '';
  });
  return missing ? undefined : out;
}

/** `${aws:username, 'nobody'}` carries a default value. */
function splitDefault(name: string): [string, string | undefined] {
  const m = /^\s*([^,]+?)\s*,\s*'([^']*)'\s*$/.exec(name);
  return m ? [m[1]!, m[2]!] : [name.trim(), undefined];
}
