/*
 * Name-keyed maps in service state are plain JSON objects (so they persist as they are), keyed by names
 * callers choose. On an ordinary object `users['constructor']` finds Object's constructor and
 * `users['__proto__'] = x` replaces the prototype, so a user named `constructor` or `__proto__` would be
 * "found" before it exists, or lost. Maps without a prototype make every name an ordinary key. State loaded
 * from disk comes back as ordinary objects, so each service's state accessor passes its maps through here
 * before use; the check is one property read once a map is converted.
 */

/** Gives `map` a null prototype (in place) and returns it. */
export function asDict<T extends object>(map: T): T {
  if (Object.getPrototypeOf(map) !== null) Object.setPrototypeOf(map, null);
  return map;
}

/** Converts every map-valued own property of `state` (non-array objects) with `asDict`; returns `state`. */
export function withDicts<T extends object>(state: T): T {
  for (const value of Object.values(state)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      asDict(value);
    }
  }
  return state;
}
