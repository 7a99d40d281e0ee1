import { createHash } from 'node:crypto';
import { AwsError } from '../../core/types';
import type { Input } from './errors';

/**
 * RunInstances idempotency: a client token names one launch. The same token with the same parameters
 * returns that launch again; with other parameters EC2 answers IdempotentParameterMismatch (EC2 API
 * reference, "Ensuring idempotency"). What is compared is a digest of the parameters, keys sorted, so the
 * SDK's and the CLI's encodings of one request agree.
 */
export function launchDigest(input: Input): string {
  const { ClientToken: _token, DryRun: _dryRun, ...rest } = input;
  return createHash('sha256').update(canonical(rest)).digest('hex');
}

function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Throws when an earlier launch with this token was made with other parameters. */
export function checkSameLaunch(earlierDigest: string | undefined, input: Input): void {
  if (earlierDigest !== undefined && earlierDigest !== launchDigest(input)) {
    throw new AwsError(
      'IdempotentParameterMismatch',
      'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).',
    );
  }
}
