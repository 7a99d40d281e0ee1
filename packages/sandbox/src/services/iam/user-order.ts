import { type Derivation, derived } from '../../core/derived';
import type { UserRecord } from './state';

/*
 * The users in IAM's listing order, kept beside the state so that ListUsers answers a page by slicing from its
 * marker instead of listing, filtering and sorting every user on every call. A user's key in the state is
 * its lower-cased name, which is also what IAM orders by, so the keys themselves are kept sorted.
 */

export interface UserOrder {
  /** The users' keys (lower-cased names), sorted as byName sorts them: by UTF-16 code units. */
  keys: string[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const userOrder: Derivation<UserOrder> = {
  name: 'IAM users by name',
  build: (raw) => ({ keys: Object.keys(raw).sort(compare) }),
  agrees(kept, raw) {
    const users = raw as Record<string, UserRecord>;
    // The order rests on each key being its user's lower-cased name: check that too.
    const named = Object.keys(users).every((key) => users[key]?.UserName.toLowerCase() === key);
    const fresh = Object.keys(users).sort(compare);
    return named && fresh.length === kept.keys.length && fresh.every((key, i) => kept.keys[i] === key);
  },
};

/** Where `key` is in `keys`, or where it would go. */
function seek(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The users' keys in listing order (`users` as the handler has it, from iamState). */
export function usersInOrder(users: Record<string, UserRecord>): readonly string[] {
  return derived(users, userOrder).keys;
}

/** A user was stored under `key` (nothing changes if the index already has it). */
export function userAdded(users: Record<string, UserRecord>, key: string): void {
  const { keys } = derived(users, userOrder, 'update');
  const at = seek(keys, key);
  if (keys[at] !== key) keys.splice(at, 0, key);
}

/** The user under `key` is gone (nothing changes if the index never had it). */
export function userRemoved(users: Record<string, UserRecord>, key: string): void {
  const { keys } = derived(users, userOrder, 'update');
  const at = seek(keys, key);
  if (keys[at] === key) keys.splice(at, 1);
}
