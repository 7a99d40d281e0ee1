// Seeded random response shapes for the differential tests: nested dicts and
// lists with keys and values chosen to hit the formatters' corners (differing
// keys, scalars next to lists, wide and Japanese text, Python-specific numbers).

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'Name',
  'VpcId',
  'State',
  'Tags',
  'Key',
  'Value',
  'a',
  'B',
  'Zeta',
  '名前',
  'Ä',
  'x1',
  'Items',
  'CidrBlock',
];
const STRINGS = [
  '',
  'available',
  'vpc-0932bf14cf664577f',
  'ハンズオン',
  'ﾊﾝｶｸ',
  '°C',
  "it's",
  'say "hi"',
  'tab\there',
  'line\nbreak',
  '10.0.0.0/16',
  'a'.repeat(45),
  '日本語のとても長いタグの値です。幅の計算を確かめます',
  '😀',
];
const NUMBERS = [
  '0',
  '1',
  '-1',
  '42',
  '1.0',
  '0.1',
  '1e-07',
  '1e16',
  '2.5',
  '-0.0',
  '123456789012345678901',
  '3.14159',
];

export function randomResponseJson(seed: number): string {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const scalar = (): string => {
    const r = random();
    if (r < 0.55) return JSON.stringify(pick(STRINGS));
    if (r < 0.8) return pick(NUMBERS);
    if (r < 0.92) return pick(['true', 'false']);
    return 'null';
  };
  const value = (depth: number): string => {
    const r = random();
    if (depth >= 3 || r < 0.45) return scalar();
    if (r < 0.75) return dict(depth + 1);
    return list(depth + 1);
  };
  const dict = (depth: number): string => {
    const n = Math.floor(random() * 5);
    const keys = new Set<string>();
    for (let i = 0; i < n; i++) keys.add(pick(KEYS));
    return `{${[...keys].map((k) => `${JSON.stringify(k)}: ${value(depth)}`).join(', ')}}`;
  };
  const list = (depth: number): string => {
    const n = Math.floor(random() * 4);
    const r = random();
    // Mostly lists of dicts (like API responses), sometimes scalars or mixtures.
    const item = () => (r < 0.6 ? dict(depth) : r < 0.85 ? scalar() : value(depth));
    return `[${Array.from({ length: n }, item).join(', ')}]`;
  };
  const topKeys = new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(KEYS)));
  const top = [...topKeys].map((k) => `${JSON.stringify(k)}: ${value(1)}`);
  return `{"response": {${top.join(', ')}}}`;
}

/** Expressions applied to the random shapes: projections, filters and functions on unknown data. */
export const RANDOM_QUERIES = [
  '*',
  '*.*',
  '*[]',
  '*[][]',
  'Items[].Name',
  'sort_by(Items, &Name)',
  'length(@)',
  'values(@)[]',
  'keys(@)',
  '*[?Name]',
  '*[].[Key, Value]',
  '{a: Name, b: Tags[0], c: Value}',
  '*[?Value == `1`]',
  '*[] | [?@ != `null`]',
  '*[?Value > `1`]',
  '*[?Value < `"m"`]',
  'max_by(*[], &Value)',
  'min_by(*[], &Name)',
  'sort(*[])',
  'to_string(@)',
  '*.*.Value',
  '*[-1]',
  '*[::2]',
  '*[?!Value]',
  '*[?Name && Value].Name',
  'not_null(Name, Value, Tags)',
  'to_number(Value)',
  'sum(*[].Value)',
  'avg(*[])',
  'contains(*[], `1`)',
  'reverse(Name)',
  'join(`,`, *[])',
  'map(&type(@), *[])',
  'merge(@, `{"x": 1.5}`)',
  'Value == `1.0`',
];

const IDS = ['Name', 'Value', 'Tags', 'Items', 'a', 'B', '"名前"', 'Key', 'State'];
const LITERALS = [
  '`1`',
  '`1.0`',
  '`"x"`',
  "'ハンズオン'",
  '`null`',
  '`true`',
  '`[1, 2]`',
  '`{"a": 1}`',
  '`-1`',
  "''",
];
const FUNCTIONS: [string, number][] = [
  ['length', 1],
  ['keys', 1],
  ['values', 1],
  ['sort', 1],
  ['to_string', 1],
  ['to_number', 1],
  ['type', 1],
  ['not_null', 2],
  ['contains', 2],
  ['starts_with', 2],
  ['max', 1],
  ['min', 1],
  ['sum', 1],
  ['avg', 1],
  ['reverse', 1],
  ['to_array', 1],
  ['abs', 1],
  ['floor', 1],
  ['join', 2],
  ['merge', 2],
];

/** A random JMESPath expression from the whole grammar, valid or not in subtle ways. */
export function randomExpression(seed: number): string {
  const random = mulberry32(seed * 7919 + 17);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const condition = (d: number): string =>
    `${expr(d)} ${pick(['==', '!=', '<', '>', '<=', '>='])} ${expr(d)}`;
  const expr = (d: number): string => {
    const r = random();
    if (d > 3 || r < 0.25) return pick([...IDS, '@', '*', ...LITERALS]);
    if (r < 0.35) return `${expr(d + 1)}.${pick([...IDS, '*', '[a, b]', '{x: a}'])}`;
    if (r < 0.45)
      return `${expr(d + 1)}[${pick(['0', '-1', '*', '', '1:', '::-1', `?${condition(d + 1)}`])}]`;
    if (r < 0.52) return `${expr(d + 1)} | ${expr(d + 1)}`;
    if (r < 0.58) return `${expr(d + 1)} || ${expr(d + 1)}`;
    if (r < 0.63) return `${expr(d + 1)} && ${expr(d + 1)}`;
    if (r < 0.67) return `!${expr(d + 1)}`;
    if (r < 0.72) return `[${expr(d + 1)}, ${expr(d + 1)}]`;
    if (r < 0.77) return `{k: ${expr(d + 1)}, "日": ${expr(d + 1)}}`;
    if (r < 0.82) return `(${expr(d + 1)})`;
    if (r < 0.92) {
      const [name, arity] = pick(FUNCTIONS);
      return `${name}(${Array.from({ length: arity }, () => expr(d + 1)).join(', ')})`;
    }
    const fn = pick(['sort_by', 'max_by', 'min_by', 'map']);
    return fn === 'map' ? `map(&${expr(d + 1)}, ${expr(d + 1)})` : `${fn}(${expr(d + 1)}, &${expr(d + 1)})`;
  };
  return expr(0);
}
