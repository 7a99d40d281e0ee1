import { DEFAULT_REDACTIONS, DOCUMENTED_EXAMPLE_KEYS, type RedactionRule } from './redact';

/*
 * Finds secrets in text with the same rules the blog export masks them with, so "what counts as a secret"
 * is defined once. Only the rules that name a secret by what it looks like are used: the looser ones that
 * make an export safe (any 40-character token, any public IP) would flag hashes and documentation here.
 */

export interface SecretFinding {
  rule: string;
  /** The value, shortened so a report of a finding does not repeat the secret. */
  preview: string;
  line: number;
}

/** AWS's documented example credentials and account ids, and the sandbox's fixed account. */
export const DOCUMENTED_EXAMPLES = new Set([
  ...DOCUMENTED_EXAMPLE_KEYS,
  '123456789012',
  '111122223333',
  '444455556666',
  '000000000000',
]);

const SCANNED_RULES = [
  'private-key',
  'session-token',
  'secret-access-key',
  'secret-after-key-id',
  'access-key-id',
  'account-id',
  'password',
];

function looksExample(value: string): boolean {
  return DOCUMENTED_EXAMPLES.has(value) || /EXAMPLE|masked|redacted/i.test(value) || /X{4}|\*{4}/.test(value);
}

/** An account id only counts next to what account ids appear in (ARNs, Account fields, owner ids). */
const ACCOUNT_CONTEXT =
  /(arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:|"?(?:Account|AccountId|OwnerId|account_id|accountId|aws_account_id)"?\s*[:=]\s*"?)$/;

export interface ScanOptions {
  /** Extra values that are known not to be secrets (e.g. a test fixture's made-up key). */
  allow?: Iterable<string>;
  rules?: RedactionRule[];
}

export function scanForSecrets(text: string, options: ScanOptions = {}): SecretFinding[] {
  const allow = new Set(options.allow ?? []);
  const rules = (options.rules ?? DEFAULT_REDACTIONS).filter((r) => SCANNED_RULES.includes(r.name));
  const findings: SecretFinding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    for (const match of text.matchAll(new RegExp(rule.pattern.source, rule.pattern.flags))) {
      const groups = match.groups ?? {};
      const group = ['value', 'q1', 'q2', 'bare', 'q3', 'q4', 'bare2'].find((g) => groups[g] !== undefined);
      const value = group ? groups[group]! : match[0];
      const start = (match.index ?? 0) + match[0].lastIndexOf(value);
      if (!value || looksExample(value) || allow.has(value)) continue;
      if (rule.accept && !rule.accept(value, group ?? 'match')) continue;
      if (rule.name === 'account-id' && !ACCOUNT_CONTEXT.test(text.slice(Math.max(0, start - 60), start)))
        continue;
      if (rule.name === 'password' && !realLookingPassword(value)) continue;
      // A header alone is code that writes or checks one; a key has a body of base64 lines.
      if (rule.name === 'private-key' && !/[A-Za-z0-9+/]{40,}/.test(value)) continue;
      const key = `${rule.name}:${start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        rule: rule.name,
        preview: preview(value),
        line: text.slice(0, start).split('\n').length,
      });
    }
  }
  return findings;
}

/**
 * In code and prose `Password: loginPassword`, `password = ${PASSWORD}` or `--password <value>` name a
 * password without being one: a finding needs something a generated password has (a digit and a letter,
 * eight characters or more, no template or placeholder syntax).
 */
function realLookingPassword(value: string): boolean {
  if (value.length < 8 || /[${}<>()[\]]/.test(value)) return false;
  return /\d/.test(value) && /[A-Za-z]/.test(value);
}

function preview(value: string): string {
  if (value.includes('PRIVATE KEY')) return value.slice(0, 40).replace(/\n/g, '\\n');
  return value.length <= 8 ? `${value.slice(0, 2)}…` : `${value.slice(0, 4)}…(${value.length} chars)`;
}
