import type { HandsonCellMetadata } from './notebook-file';

/**
 * What legitimately varies between two runs of a notebook. Stored and fresh outputs both pass through these
 * before they are compared; anything else that differs fails the check. Add a normaliser here when a new kind
 * of value varies for every reader; for one cell only, use its metadata instead:
 *
 *   "metadata": { "handson": { "normalise": ["sort-lines"],
 *                              "replace": [{ "pattern": "took \\d+ ms", "replacement": "took <n> ms" }] } }
 */
export interface Normaliser {
  name: string;
  description: string;
  apply: (text: string) => string;
}

/** Every form of a mask, old or new, and every documentation address, as one token per kind. */
function canonicalMasks(text: string): string {
  return (
    text
      .replace(/\b(?:AKIA|ASIA)X[X\d]{10,15}\b/g, '<masked-key-id>')
      .replace(/(?<![\w.])(?:192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}(?![\w.])/g, '<masked-ip>')
      .replace(/(?<![\w.])[X\d]*X[X\d]*\.[X\d]+\.[X\d]+\.[X\d]+(?![\w.])/g, '<masked-ip>')
      // `aws configure list` shows a key's last four characters after the stars; they differ on every run.
      .replace(/\*{8,}[A-Za-z0-9+/]{0,4}(?![A-Za-z0-9+/])/g, '<masked-password>')
      // A secret mask keeps the first three characters (as the blog did), which differ on every run.
      .replace(/[A-Za-z0-9+/]{0,3}X{20,}\d*/g, '<masked-secret>')
  );
}

function replacing(name: string, description: string, pattern: RegExp, replacement: string): Normaliser {
  return { name, description, apply: (text) => text.replace(pattern, replacement) };
}

/**
 * Applied to every cell, in this order: opaque tokens first (a digest, receipt handle or UUID can hold a run
 * of ten digits or a clock-like group, which the numeric normalisers would otherwise eat from the middle,
 * leaving the token unrecognisable), then dates, times and numbers.
 */
export const DEFAULT_NORMALISERS: Normaliser[] = [
  {
    name: 'mask-form',
    description:
      'masks stored before masks kept their width (AKIAXXXXXXXXXXXX, XXX.XXX.XXX.XXX, ********) and RFC 5737 ' +
      "addresses masked then compare equal to today's width-keeping masks; drop once every notebook is regenerated",
    apply: canonicalMasks,
  },
  replacing(
    'receipt-handle',
    'SQS receipt handles, after a ReceiptHandle key in JSON, text or table output',
    /(ReceiptHandle["']?\s*[:=|]?\s*["']?)[A-Za-z0-9+/=_-]{16,}/g,
    '$1<receipt-handle>',
  ),
  replacing(
    'md5',
    'MD5 digests of generated content (MD5OfBody of bodies carrying times)',
    /(MD5Of\w*["']?\s*[:=|]?\s*["']?)[0-9a-f]{32}\b/g,
    '$1<md5>',
  ),
  replacing(
    'uuid',
    'UUIDs (request ids, SQS message ids)',
    /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
    '<uuid>',
  ),
  replacing(
    'aws-resource-id',
    'EC2-style generated ids: vpc-…, subnet-…, i-…, sg-…, pcx-… (the prefix is kept)',
    /\b(vpc|subnet|igw|rtb|rtbassoc|pcx|sg|sgr|i|ami|eni|vol|snap|acl|aclassoc|key|eipalloc|eipassoc|r|dopt|nat|tgw|lt|vpce)-[0-9a-f]{8,17}\b/g,
    '$1-<id>',
  ),
  replacing(
    'amazon-linux-release',
    // A new Amazon Linux image every few weeks: the newest image's name changes with the date of the run.
    'the release in an Amazon Linux image name or description, such as 2023.6.20241121.0 or 2.0.20210525.0',
    /\b(?:2023|2)\.\d+\.\d{8}\.\d+\b/g,
    '<release>',
  ),
  replacing(
    'iam-unique-id',
    'IAM unique ids and access key ids: AIDA…, AROA…, AGPA…, ANPA…, AKIA…, ASIA… (the prefix is kept)',
    /\b(AIDA|AROA|AGPA|ANPA|ANVA|AIPA|APKA|ASCA|AKIA|ASIA)[A-Z0-9]{12,20}\b/g,
    '$1<id>',
  ),
  replacing(
    'iso-datetime',
    'ISO 8601 date-times such as 2021-06-12T03:04:05.000Z or 2021-06-12 03:04:05+00:00',
    /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g,
    '<datetime>',
  ),
  replacing(
    'http-date',
    'RFC 7231 dates such as Sat, 28 Nov 2026 10:49:15 GMT',
    /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT\b/g,
    '<datetime>',
  ),
  replacing('date', 'dates such as 2021-06-12 or 2021/06/12', /\b\d{4}[-/]\d{2}[-/]\d{2}\b/g, '<date>'),
  replacing(
    'time',
    'clock times such as 12:34:56 (the SQS message bodies carry one)',
    /\b\d{2}:\d{2}:\d{2}\b/g,
    '<time>',
  ),
  replacing(
    'epoch',
    'Unix times in seconds or milliseconds from 2001 to 2286 (SQS SentTimestamp)',
    /(?<![\w.])(?:1\d{9}(?:\d{3})?|1\d{9}\.\d+)(?![\w.])/g,
    '<epoch>',
  ),
  replacing(
    'elapsed',
    // Minutes and seconds as one: a wait on the sandbox's clock, which also moves with real time, ends after
    // "5 min" in one run and "4 min 58 s" in another.
    'elapsed times such as 12ms, 1.5 s, 2 min or 4 min 58 s',
    /\b\d+ min(?: \d+ s)?\b|\b\d+(?:\.\d+)?\s?(?:ms|s)\b(?=\W|$)/g,
    '<elapsed>',
  ),
];

/** Opt-in normalisers, named in a cell's `metadata.handson.normalise`. */
export const OPTIONAL_NORMALISERS: Normaliser[] = [
  {
    name: 'sort-lines',
    description: 'compares the lines in sorted order (for the sampled, unordered SQS delivery)',
    apply: (text) => {
      const lines = text.split('\n');
      const last = lines[lines.length - 1] === '' ? lines.pop() : undefined;
      return [...lines.sort(), ...(last === undefined ? [] : [last])].join('\n');
    },
  },
  {
    name: 'digits',
    description: 'every run of digits becomes <n> (counts that vary, such as ApproximateNumberOfMessages)',
    apply: (text) => text.replace(/\d+/g, '<n>'),
  },
  {
    name: 'ignore-output',
    description: 'ignores the output entirely (the cell must still run)',
    apply: () => '<output ignored>',
  },
];

/**
 * The project root and the home folder, when an output prints an absolute path. A run whose labs work in
 * another directory (HANDSON_WORK_DIR, e.g. a test's private one) reads as the default `<root>/.lab-work`.
 */
export function pathNormaliser(paths: { root: string; home?: string; work?: string }): Normaliser {
  return {
    name: 'paths',
    description:
      'the project root and the home folder become <root> and <home>; the labs work dir <root>/.lab-work',
    apply: (text) => {
      let out = text;
      if (paths.work && paths.work.length > 1) out = out.split(paths.work).join(`${paths.root}/.lab-work`);
      out = out.split(paths.root).join('<root>');
      if (paths.home && paths.home.length > 1) out = out.split(paths.home).join('<home>');
      return out;
    },
  };
}

/** The normalisers for one cell: defaults, then the cell's own, in the order its metadata lists them. */
export function normalisersFor(meta: HandsonCellMetadata | undefined, base: Normaliser[]): Normaliser[] {
  const extra: Normaliser[] = [];
  for (const name of meta?.normalise ?? []) {
    const found =
      OPTIONAL_NORMALISERS.find((n) => n.name === name) ?? DEFAULT_NORMALISERS.find((n) => n.name === name);
    if (!found) {
      const known = OPTIONAL_NORMALISERS.map((n) => n.name).join(', ');
      throw new Error(`unknown normaliser "${name}" in cell metadata handson.normalise (known: ${known})`);
    }
    extra.push(found);
  }
  for (const [i, rule] of (meta?.replace ?? []).entries()) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(rule.pattern, rule.flags ?? 'g');
    } catch (error) {
      throw new Error(`cell metadata handson.replace[${i}] has a bad pattern: ${(error as Error).message}`);
    }
    extra.push(replacing(`replace[${i}]`, rule.pattern, pattern, rule.replacement));
  }
  return [...base, ...extra];
}

export function normalise(text: string, normalisers: Normaliser[]): string {
  return normalisers.reduce((acc, n) => n.apply(acc), text);
}
