/**
 * Masks secrets the way the blog does (`AKIAXXXXXXXXXXXXXXXX`, `XXXXXXXXXXXX`), consistently within one document:
 * the same value always gets the same mask, and a second distinct value of a kind gets a numbered mask
 * (`XXXXXXXXXXX2`). Values found anywhere (a Password field, a credentials file) are masked everywhere else
 * they occur, even where nothing around them says they are secret.
 */
export interface RedactionRule {
  name: string;
  /** Rules that mask the same kind of secret share a family, so their values are numbered together. */
  family?: string;
  description: string;
  /** Global pattern; the secret is the named group `value` (or the whole match). */
  pattern: RegExp;
  /** Extra test on a candidate value; `group` names the capture group it came from. */
  accept?: (value: string, group: string) => boolean;
  /** The mask of the `ordinal`-th distinct value of this kind (1-based). */
  mask: (ordinal: number, value: string) => string;
}

/** Replaces the end of a mask with the ordinal from the second distinct value on. */
export function numbered(base: string, ordinal: number): string {
  if (ordinal <= 1) return base;
  const suffix = String(ordinal);
  return base.slice(0, base.length - suffix.length) + suffix;
}

/**
 * AWS's documented example credentials: they appear in the blog and in documentation, stand for no one, and a
 * reader who copies them should see them as they are, so they are never masked (nor reported by secret scans).
 */
export const DOCUMENTED_EXAMPLE_KEYS: ReadonlySet<string> = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
]);

/** RFC 5737's documentation networks (192.0.2/24, 198.51.100/24, 203.0.113/24): nobody's address. */
export function isDocumentationIPv4(value: string): boolean {
  return /^(?:192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/.test(value);
}

/**
 * Masks keep the width of what they replace, so fixed-width output (CLI tables, `ls -l`, aligned columns)
 * stays aligned in a post: every digit of an address becomes X (`54.12.3.200` → `XX.XX.X.XXX`), the ordinal of
 * a second address goes at the end of its last group.
 */
export function maskIPv4(value: string, ordinal: number): string {
  const groups = value.split('.').map((g) => 'X'.repeat(g.length));
  const last = groups.length - 1;
  const suffix = ordinal > 1 ? String(ordinal) : '';
  if (suffix.length <= groups[last]!.length) {
    groups[last] = numbered(groups[last]!, ordinal);
    return groups.join('.');
  }
  return numbered(groups.join('.'), ordinal);
}

const B64 = 'A-Za-z0-9/+=';
const SECRET_CONTEXT =
  /(?:SecretAccessKey|secretAccessKey|aws_secret_access_key|AWS_SECRET_ACCESS_KEY|SecretKey)["']?\s*[:=]\s*["']?(?<value>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/g;

function isPublicIPv4(value: string): boolean {
  const octets = value.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o > 255)) return false;
  const [a, b] = octets as [number, number, number, number];
  if (isDocumentationIPv4(value)) return false;
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 169 && b === 254) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  return true;
}

/**
 * A bare value made only of letters, `_`, `$` and dots is a variable in code (`Password: LOGIN_PASSWORD`,
 * `Password: s.password`), not a password; masking it would also mask every other use of the name.
 */
function looksLikeCode(value: string): boolean {
  return /^[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$]+)*(?:\(\))?$/.test(value);
}

function looksMasked(value: string): boolean {
  return /XXXX/.test(value) || /^\*+$/.test(value);
}

export const DEFAULT_REDACTIONS: RedactionRule[] = [
  {
    name: 'private-key',
    description: 'PEM private key blocks (RSA, EC, OPENSSH, PKCS#8), also JSON-escaped or cut short',
    pattern:
      /-----BEGIN (?<kind>(?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END \k<kind>PRIVATE KEY-----|$)/g,
    mask: (ordinal, value) => {
      const kind = /BEGIN ((?:[A-Z0-9]+ )*)PRIVATE/.exec(value)?.[1] ?? '';
      const nl = value.includes('\\n') ? '\\n' : '\n';
      const label = ordinal > 1 ? `(private key ${ordinal} redacted)` : '(private key redacted)';
      return `-----BEGIN ${kind}PRIVATE KEY-----${nl}${label}${nl}-----END ${kind}PRIVATE KEY-----`;
    },
  },
  {
    name: 'session-token',
    description: 'STS session tokens, after a SessionToken/aws_session_token key or by their usual prefixes',
    pattern:
      /(?:(?:SessionToken|sessionToken|aws_session_token|AWS_SESSION_TOKEN|aws_security_token)["']?\s*[:=]\s*["']?(?<value>[A-Za-z0-9/+=]{16,}))|\b(?:FwoGZXIvYXdz|IQoJb3JpZ2lu)[A-Za-z0-9/+=]{20,}/g,
    // Real tokens mix cases and digits; this keeps identifiers in code (`SessionToken: temporarySessionToken`) out.
    accept: (v) => /\d/.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v),
    mask: (ordinal, value) => numbered('X'.repeat(value.length), ordinal),
  },
  {
    name: 'secret-access-key',
    description: 'secret access keys after SecretAccessKey/aws_secret_access_key',
    pattern: SECRET_CONTEXT,
    mask: (ordinal) => numbered('X'.repeat(40), ordinal),
  },
  {
    name: 'secret-after-key-id',
    family: 'secret-access-key',
    description:
      'a 40-character key on the same line after an access key id (text output of create-access-key)',
    pattern: new RegExp(
      `\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b[^\\n]{0,120}?(?<![${B64}])(?<value>[${B64}]{40})(?![${B64}])`,
      'g',
    ),
    mask: (ordinal) => numbered('X'.repeat(40), ordinal),
  },
  {
    name: 'secret-like',
    family: 'secret-access-key',
    description: 'any 40-character base64 token mixing upper case, lower case and digits (not a hex digest)',
    pattern: new RegExp(`(?<![${B64}])[${B64}]{40}(?![${B64}])`, 'g'),
    accept: (v) => /[a-z]/.test(v) && /[A-Z]/.test(v) && /\d/.test(v),
    mask: (ordinal) => numbered('X'.repeat(40), ordinal),
  },
  {
    name: 'password',
    description: 'values of Password fields and --password arguments',
    pattern:
      /(?:\b(?:[A-Za-z]*Password|password|PASSWORD|passwd)["']?\s*[:=]\s*(?:"(?<q1>[^"\n]+)"|'(?<q2>[^'\n]+)'|(?<bare>[^\s,}'"]+)))|--password(?:=|\s+)(?:"(?<q3>[^"\n]+)"|'(?<q4>[^'\n]+)'|(?<bare2>[^\s'"]+))/g,
    accept: (v, group) =>
      !['true', 'false', 'null', 'None', 'undefined'].includes(v) &&
      !(group.startsWith('bare') && looksLikeCode(v)),
    mask: (ordinal, value) => numbered('*'.repeat(value.length), ordinal),
  },
  {
    name: 'access-key-id',
    description: 'access key ids AKIA…/ASIA… (20 characters) become AKIAXXXXXXXXXXXXXXXX',
    pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
    mask: (ordinal, value) => numbered(`${value.slice(0, 4)}${'X'.repeat(16)}`, ordinal),
  },
  {
    name: 'account-id',
    description:
      '12-digit AWS account ids become XXXXXXXXXXXX (not the last group of a UUID, all digits by chance)',
    pattern:
      /(?<![0-9A-Za-z])(?<![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-)\d{12}(?![0-9A-Za-z])/g,
    mask: (ordinal) => numbered('XXXXXXXXXXXX', ordinal),
  },
  {
    name: 'public-ipv4',
    description:
      'public IPv4 addresses (not RFC 5737 documentation addresses, 10/8, 172.16/12, 192.168/16, 127/8, 169.254/16, 100.64/10)',
    pattern: /(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\d]|\.\d)/g,
    accept: isPublicIPv4,
    mask: (ordinal, value) => maskIPv4(value, ordinal),
  },
];

/** Values this short are only masked where a rule finds them, never searched for elsewhere. */
const MIN_GLOBAL_LENGTH = 6;

function secretIn(match: RegExpExecArray): { value: string; start: number; group: string } | undefined {
  const groups = match.groups ?? {};
  for (const name of ['value', 'q1', 'q2', 'bare', 'q3', 'q4', 'bare2']) {
    const value = groups[name];
    if (value !== undefined) {
      const start = match.index + match[0].lastIndexOf(value);
      return { value, start, group: name };
    }
  }
  if (Object.keys(groups).some((k) => k !== 'kind')) return undefined;
  return { value: match[0], start: match.index, group: 'match' };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface RedactionSummary {
  rule: string;
  values: number;
}

export class Redactor {
  private readonly masks = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  constructor(private readonly rules: RedactionRule[] = DEFAULT_REDACTIONS) {}

  private maskFor(rule: RedactionRule, value: string): string {
    const known = this.masks.get(value);
    if (known !== undefined) return known;
    const family = rule.family ?? rule.name;
    const ordinal = (this.counts.get(family) ?? 0) + 1;
    this.counts.set(family, ordinal);
    const mask = rule.mask(ordinal, value);
    this.masks.set(value, mask);
    return mask;
  }

  private accepts(rule: RedactionRule, value: string, group: string): boolean {
    if (value.length === 0 || looksMasked(value) || DOCUMENTED_EXAMPLE_KEYS.has(value)) return false;
    return rule.accept ? rule.accept(value, group) : true;
  }

  /** Records the secrets in `texts` (in order) so masks are numbered by first appearance in the document. */
  learn(...texts: string[]): this {
    for (const text of texts) this.redact(text);
    return this;
  }

  redact(text: string): string {
    let out = text;
    for (const rule of this.rules) {
      const pieces: string[] = [];
      let last = 0;
      for (const match of out.matchAll(new RegExp(rule.pattern.source, rule.pattern.flags))) {
        const found = secretIn(match as RegExpExecArray);
        if (!found || !this.accepts(rule, found.value, found.group) || found.start < last) continue;
        pieces.push(out.slice(last, found.start), this.maskFor(rule, found.value));
        last = found.start + found.value.length;
      }
      pieces.push(out.slice(last));
      out = pieces.join('');
    }
    const known = [...this.masks.keys()]
      .filter((v) => v.length >= MIN_GLOBAL_LENGTH)
      .sort((a, b) => b.length - a.length);
    for (const value of known) {
      if (!out.includes(value)) continue;
      out = out.replace(
        new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(value)}(?![A-Za-z0-9])`, 'g'),
        this.masks.get(value)!,
      );
    }
    return out;
  }

  /** How many distinct values of each kind were masked. */
  summary(): RedactionSummary[] {
    return [...this.counts.entries()].map(([rule, values]) => ({ rule, values }));
  }
}
