import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../../core/types';
import type { PasswordPolicyRecord } from './state';

/**
 * Password checks against the account password policy, and hashing for storage. Passwords are hashed (the
 * state is persisted to disk) and appear in no output, log or error message.
 */

/** What IAM enforces when the account has no password policy of its own. */
const DEFAULT_POLICY: PasswordPolicyRecord = {
  MinimumPasswordLength: 8,
  RequireSymbols: false,
  RequireNumbers: false,
  RequireUppercaseCharacters: false,
  RequireLowercaseCharacters: false,
  AllowUsersToChangePassword: false,
};

function violation(message: string): AwsError {
  return new AwsError('PasswordPolicyViolation', message);
}

export function checkPassword(password: string, policy: PasswordPolicyRecord | undefined): void {
  const p = policy ?? DEFAULT_POLICY;
  if (password.length < p.MinimumPasswordLength) {
    throw violation(`Password should have a minimum length of ${p.MinimumPasswordLength}`);
  }
  if (p.RequireUppercaseCharacters && !/[A-Z]/.test(password)) {
    throw violation('Password should have at least one uppercase letter');
  }
  if (p.RequireLowercaseCharacters && !/[a-z]/.test(password)) {
    throw violation('Password should have at least one lowercase letter');
  }
  if (p.RequireNumbers && !/[0-9]/.test(password))
    throw violation('Password should have at least one number');
  if (p.RequireSymbols && !/[!@#$%^&*()_+\-=[\]{}|']/.test(password)) {
    throw violation('Password should have at least one symbol');
  }
}

/** The salt is not from the sandbox's seeded generator: it protects, and need not replay. */
export function hashPassword(password: string): { passwordHash: string; salt: string } {
  const salt = randomBytes(16).toString('base64');
  return { passwordHash: scryptSync(password, salt, 32).toString('base64'), salt };
}

export function passwordMatches(password: string, record: { passwordHash: string; salt: string }): boolean {
  const candidate = scryptSync(password, record.salt, 32);
  const stored = Buffer.from(record.passwordHash, 'base64');
  return stored.length === candidate.length && timingSafeEqual(stored, candidate);
}

export function defaultPasswordPolicy(): PasswordPolicyRecord {
  return { ...DEFAULT_POLICY };
}
