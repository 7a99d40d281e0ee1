import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  compileQuery,
  formatJson,
  JmesPathEvaluationError,
  JmesPathSyntaxError,
  parseJsonText,
  query,
} from '../src/index';
import { PYTHON, referenceUnavailable } from './differential';

// Each case is a place where the npm jmespath interpreter and Python jmespath
// (what `aws --query` runs) disagree; `expected` is Python's answer.
const divergences: { why: string; data: string; expression: string; expected: string }[] = [
  {
    why: 'ordering booleans gives null',
    data: '{"a":true,"b":false}',
    expression: 'a > b',
    expected: 'null',
  },
  { why: 'ordering arrays gives null', data: '{"a":[1],"b":[2]}', expression: 'a < b', expected: 'null' },
  { why: 'ordering null gives null', data: '{"b":1}', expression: 'a < b', expected: 'null' },
  { why: 'length counts code points', data: '{"a":"😀日本"}', expression: 'length(a)', expected: '3' },
  { why: 'reverse keeps surrogate pairs', data: '{"a":"a😀"}', expression: 'reverse(a)', expected: '"😀a"' },
  {
    why: 'max_by accepts string keys',
    data: '[{"t":"2021-01-02"},{"t":"2021-01-01"}]',
    expression: 'max_by(@, &t).t',
    expected: '"2021-01-02"',
  },
  {
    why: 'min_by accepts string keys',
    data: '[{"t":"b"},{"t":"a"}]',
    expression: 'min_by(@, &t).t',
    expected: '"a"',
  },
  { why: '1.0 equals 1', data: '{"a":[1.0,2]}', expression: 'a[?@ == `1`]', expected: '[1.0]' },
  { why: 'floats stay floats', data: '{"a":1.0}', expression: 'a', expected: '1.0' },
  { why: 'avg is a float', data: '{"a":[1,3]}', expression: 'avg(a)', expected: '2.0' },
  { why: 'sum of floats is a float', data: '{"a":[1.0,3]}', expression: 'sum(a)', expected: '4.0' },
  {
    why: 'to_string escapes non-ASCII',
    data: '{"a":["日本"]}',
    expression: 'to_string(a)',
    expected: '"[\\"\\\\u65e5\\\\u672c\\"]"',
  },
  {
    why: 'to_string writes floats as Python',
    data: '{"a":1e-7}',
    expression: 'to_string(a)',
    expected: '"1e-07"',
  },
  { why: 'to_number keeps float-ness', data: '{"a":"1.0"}', expression: 'to_number(a)', expected: '1.0' },
  { why: 'float literals stay floats', data: '{}', expression: '`[1.0, 2]`', expected: '[1.0, 2]' },
  {
    why: 'float literal inside a filter',
    data: '{"a":[1,2]}',
    expression: 'a[?@ == `1.0`] | [0]',
    expected: '1',
  },
  { why: 'contains uses Python ==', data: '{"a":[1.0]}', expression: 'contains(a, `1`)', expected: 'true' },
];

/** Python jmespath's answers for all cases, from one interpreter run. */
function pythonSearches(): string[] {
  const code =
    'import json,sys,jmespath\n' +
    'for data, expression in json.loads(sys.stdin.read()):\n' +
    '    print(json.dumps(jmespath.search(expression, json.loads(data)), ensure_ascii=False))';
  const input = JSON.stringify(divergences.map((d) => [d.data, d.expression]));
  return spawnSync(PYTHON, ['-c', code], { input, encoding: 'utf8' }).stdout.trim().split('\n');
}

/** Our result as Python's json.dumps(value, ensure_ascii=False) would print it. */
function ours(data: string, expression: string): string {
  const value = query(parseJsonText(data), expression);
  // Raw newlines in formatJson's output are only ever layout, so they can be folded away.
  return formatJson(value)
    .trim()
    .replace(/([[{])\n\s*/g, '$1')
    .replace(/\n\s*([\]}])/g, '$1')
    .replace(/,\n\s*/g, ', ');
}

describe('query follows Python jmespath where the npm library differs', () => {
  it.each(divergences)('$why: $expression', ({ data, expression, expected }) => {
    expect(ours(data, expression)).toBe(expected);
  });

  it.skipIf(referenceUnavailable() !== undefined)(
    'and Python jmespath agrees with every expected value',
    () => {
      expect(pythonSearches()).toEqual(divergences.map((d) => d.expected));
    },
  );
});

describe('query basics from the blog', () => {
  const policies = {
    Policies: [
      { PolicyName: 'AmazonS3FullAccess', Arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' },
      { PolicyName: 'IAMFullAccess', Arn: 'x' },
    ],
  };
  it('filters with a backtick literal', () => {
    expect(query(policies, 'Policies[?PolicyName==`AmazonS3FullAccess`].Arn')).toEqual([
      'arn:aws:iam::aws:policy/AmazonS3FullAccess',
    ]);
  });
  it('counts with length() and flattens with []', () => {
    expect(query({ AccessKeyMetadata: [] }, 'length(AccessKeyMetadata[])')).toBe(0);
    expect(
      query(
        {
          a: [
            [1, 2],
            [3, [4]],
          ],
        },
        'a[]',
      ),
    ).toEqual([1, 2, 3, [4]]);
  });
  it('projects over null to null and builds multiselect hashes', () => {
    expect(query({}, 'Missing[].x')).toBeNull();
    expect(query({ a: 1 }, '{x: a, y: b}')).toEqual({ x: 1, y: null });
  });
  it('sorts stably with sort_by', () => {
    const items = [
      { n: 2, i: 'a' },
      { n: 1, i: 'b' },
      { n: 2, i: 'c' },
      { n: 1, i: 'd' },
    ];
    expect(query(items, 'sort_by(@, &n)[].i')).toEqual(['b', 'd', 'a', 'c']);
  });
});

describe('query errors', () => {
  it('names the expression and the position of a syntax error', () => {
    const error = (() => {
      try {
        compileQuery('Vpcs[?State==`available`].[VpcId');
      } catch (e) {
        return e;
      }
    })() as JmesPathSyntaxError;
    expect(error).toBeInstanceOf(JmesPathSyntaxError);
    expect(error.expression).toBe('Vpcs[?State==`available`].[VpcId');
    expect(error.position).toBe(32);
    expect(error.message).toContain('Bad value for --query Vpcs[?State==`available`].[VpcId');
    expect(error.message).toContain('at column 32');
  });

  it('points at an unexpected token in the middle', () => {
    const error = (() => {
      try {
        compileQuery('Vpcs[].[VpcId,,CidrBlock]');
      } catch (e) {
        return e as JmesPathSyntaxError;
      }
    })();
    expect(error?.position).toBe(14);
    expect(error?.message).toContain(`\n  Vpcs[].[VpcId,,CidrBlock]\n  ${' '.repeat(14)}^\n`);
  });

  it('points at an unknown character', () => {
    expect(() => compileQuery('Tags[?Key==`Name`].{キー: Value}')).toThrow(/column 20/);
  });

  it('reports evaluation errors with the expression', () => {
    expect(() => query({ a: 'x' }, 'length(`1`)')).toThrow(JmesPathEvaluationError);
    expect(() => query({ a: 'x' }, 'nope(a)')).toThrow(
      /Bad value for --query nope\(a\): Unknown function: nope\(\)/,
    );
    expect(() => query({ a: ['x', 1] }, 'sort(a)')).toThrow(/In function sort\(\), invalid type/);
  });
});

describe('syntax errors agree with Python jmespath', () => {
  // [expression, 0-based error position, or null when the expression is valid]
  const expressions: [string, number | null][] = [
    ['[', 1],
    ['foo[?', 5],
    ['foo..bar', 4],
    ['foo.[]', 4],
    ['foo.', 4],
    ["'unterminated", 0],
    ['a == `1', 5],
    ['foo bar', 4],
    ['Reservations[].Instances[].[PrivateIpAddress,,]', 45],
    ['foo."bar', 4],
    ["'it\\'s'", null],
    ['foo.*.bar', null],
    ['foo.[a,b]', null],
    ['foo.{a:a}', null],
    ["Vpcs[].[Tags[?Key=='Name'] | [0].Value,VpcId]", null],
  ];

  it.each(expressions)('%s', (expression, position) => {
    if (position === null) {
      expect(() => compileQuery(expression)).not.toThrow();
    } else {
      expect(() => compileQuery(expression)).toThrow(JmesPathSyntaxError);
      expect(() => compileQuery(expression)).toThrow(`at column ${position} `);
    }
  });

  it('rejects a query that is not a string', () => {
    expect(() => compileQuery(undefined as unknown as string)).toThrow(/must be a string, not undefined/);
  });

  it('rejects an empty expression', () => {
    expect(() => compileQuery(' ')).toThrow(/the expression is empty/);
  });

  it.skipIf(referenceUnavailable() !== undefined)('Python reports the same positions', () => {
    const code =
      'import json, sys, jmespath\n' +
      'for e in json.loads(sys.stdin.read()):\n' +
      '    try:\n        jmespath.compile(e); print("null")\n' +
      '    except jmespath.exceptions.ParseError as err: print(err.lex_position)';
    const input = JSON.stringify(expressions.map(([e]) => e));
    const python = spawnSync(PYTHON, ['-c', code], { input, encoding: 'utf8' }).stdout.trim().split('\n');
    expect(python.map((line) => JSON.parse(line))).toEqual(expressions.map(([, p]) => p));
  });
});

describe('the npm parser quirks our wrapper fixes', () => {
  it.each([
    ['(@ && a)', { a: [1] }, [1]],
    ['length(@.a)', { a: [1, 2] }, 2],
    ['type(@[?a])', [{ a: 1 }], 'array'],
    ['[`1`, `1.0`] | to_string(@)', {}, '[1,1.0]'],
    ['length(a,)', { a: [1] }, 1],
  ])('%s', (expression, data, expected) => {
    expect(JSON.parse(JSON.stringify(query(data, expression)))).toEqual(expected);
  });

  it.each([
    ['(a b)', 3],
    ['{@: a}', 1],
    ['(a || (b c))', 9],
  ])('rejects %s at column %i as Python does', (expression, position) => {
    expect(() => compileQuery(expression)).toThrow(`at column ${position} `);
  });
});
