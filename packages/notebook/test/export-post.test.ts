import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringWidth } from '../src/display-width';
import { elide, exportMarkdown } from '../src/export-markdown';
import { writePost } from '../src/export-post';
import { provenanceLine, provenanceOf } from '../src/export-provenance';
import { projectRoot } from '../src/jupyter-env';
import { Redactor } from '../src/redact';
import { storedNoise } from '../src/stored-outputs';
import { code, markdown, notebookOf, scratchDir, writeNotebookFile } from './fixtures';

const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.split('');
const digit = '0123456789'.split('');
const chars = (alphabet: string[], n: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: n, maxLength: n }).map((a) => a.join(''));

/** Cell values a CLI table holds: secrets of every width-kept kind, Japanese words, plain ids. */
const cellValue = fc.oneof(
  chars(upper, 16).map((s) => `AKIA${s}`),
  chars(digit, 12).filter((s) => s[0] !== '0'),
  fc
    .tuple(fc.integer({ min: 3, max: 99 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }))
    .map((o) => o.join('.')),
  fc.constantFrom('アクセスキー', '有効', 'Active', 'handson-cli-novice-user', '東京リージョン', 'i-0abc'),
  fc.string({ minLength: 0, maxLength: 8 }).filter((s) => /^[a-z ]*$/.test(s)),
);

function pad(text: string, width: number): string {
  return text + ' '.repeat(width - stringWidth(text));
}

/** A table as `--output table` draws it: every row as wide as the widest, in display columns. */
function cliTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => stringWidth(r[c]!))));
  return rows.map((r) => `|  ${r.map((cell, c) => pad(cell, widths[c]!)).join('  |  ')}  |`).join('\n');
}

describe('masks keep the width of what they replace', () => {
  it('every row of a masked table has the same display width (wide characters count 2)', () => {
    const table = fc
      .integer({ min: 1, max: 4 })
      .chain((cols) =>
        fc.array(fc.array(cellValue, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 6 }),
      );
    fc.assert(
      fc.property(table, (rows) => {
        const text = cliTable(rows);
        const masked = new Redactor().redact(text);
        const widths = new Set(masked.split('\n').map(stringWidth));
        expect(widths.size).toBe(1);
        expect(stringWidth(masked.split('\n')[0]!)).toBe(stringWidth(text.split('\n')[0]!));
      }),
      { numRuns: 300 },
    );
  });

  it('counts East Asian wide characters as 2 columns', () => {
    expect(stringWidth('キュー')).toBe(6);
    expect(stringWidth('a1 回目')).toBe(7);
  });
});

describe('redaction applies to outputs only', () => {
  const realKey = 'AKIAJGJ5IFDXCJ4RBSP5';
  const source = [
    'const generatePassword = (length = 16) => {',
    "  const example = { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };",
    "  return [length, '192.0.2.10', '203.0.113.7'].join(' ');",
    '};',
  ].join('\n');
  const cell = code(source);
  cell.outputs = [
    {
      output_type: 'stream',
      name: 'stdout',
      text: [`AKIAIOSFODNN7EXAMPLE ${realKey} 192.0.2.10 54.12.3.200 Password: hunter2hunter2\n`],
    },
  ];
  const nb = notebookOf([markdown('# t'), cell]);

  it('keeps code byte for byte, documentation keys and RFC 5737 addresses as they are, masks the rest', () => {
    const { markdown: md } = exportMarkdown(nb);
    expect(md).toContain(`\`\`\`typescript\n${source}\n\`\`\``);
    expect(md).toContain(
      `AKIAIOSFODNN7EXAMPLE AKIA${'X'.repeat(16)} 192.0.2.10 XX.XX.X.XXX Password: ${'*'.repeat(14)}`,
    );
  });

  it('a secret in a code cell is a check problem naming the cell, never masked', () => {
    const leaky = code(`const key = '${realKey}';`);
    const noise = storedNoise(notebookOf([markdown('# t'), leaky]));
    expect(noise.join('\n')).toMatch(
      /^cell 2: line 1 of the code holds what looks like a secret \(access-key-id/,
    );
    expect(storedNoise(nb).filter((p) => p.includes('of the code'))).toEqual([]);
    expect(exportMarkdown(notebookOf([leaky])).markdown).toContain(realKey);
  });
});

describe('a post as published', () => {
  const table = code("printTable(['受信回数', '時刻', 'count'], rows);", ['export-table']);
  table.outputs = [
    {
      output_type: 'stream',
      name: 'stdout',
      text: [
        '受信回数  時刻      count\n1回目     12:31:27  29\n10回目    12:31:28  7\n✔ 順番どおりではない\n',
      ],
    },
  ];
  const chart = code('display.svg(chart);');
  chart.outputs = [
    {
      output_type: 'display_data',
      metadata: {},
      data: {
        'image/svg+xml': [
          '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="red"/></svg>',
        ],
      },
    },
  ];
  const nb = notebookOf([markdown('# Lab 99: 表と図'), table, chart]);

  it('an export-table cell prints a Markdown table, what follows it stays a terminal block', () => {
    const { markdown: md } = exportMarkdown(nb);
    expect(md).toContain(
      [
        '| 受信回数 | 時刻 | count |',
        '| --- | --- | ---: |',
        '| 1回目 | 12:31:27 | 29 |',
        '| 10回目 | 12:31:28 | 7 |',
        '',
        '```',
        '✔ 順番どおりではない',
        '```',
      ].join('\n'),
    );
  });

  it('writes the post with its charts as SVG and PNG files, a provenance line and a preview page', () => {
    const scratch = scratchDir();
    try {
      const path = writeNotebookFile(scratch.dir, '99-tables.ipynb', nb.cells);
      const out = join(scratch.dir, 'posts');
      const post = writePost(path, out, { flavor: 'hatena', redact: true, preview: true });
      const md = readFileSync(post.markdown, 'utf8');
      const version = JSON.parse(
        readFileSync(join(projectRoot(), 'packages/sandbox/package.json'), 'utf8'),
      ).version;
      expect(md.split('\n').slice(0, 3)).toEqual([
        '<!-- title: Lab 99: 表と図 -->',
        '',
        expect.stringContaining(`ローカルの AWS サンドボックス (@handson/sandbox ${version}, seed 0)`),
      ]);
      expect(md).toContain('![図 1](99-tables-fig1.png)');
      expect(readFileSync(join(out, '99-tables-fig1.svg'), 'utf8')).toContain('<rect');
      expect(readFileSync(join(out, '99-tables-fig1.png')).subarray(1, 4).toString()).toBe('PNG');
      const html = readFileSync(join(out, '99-tables.html'), 'utf8');
      expect(html).toContain('<th>受信回数</th>');
      expect(html).toContain('<img src="99-tables-fig1.png" alt="図 1">');
    } finally {
      scratch.remove();
    }
  });
});

describe('what a post leaves out', () => {
  const printed = (source: string, text: string, tags: string[] = []) => {
    const cell = code(source, tags);
    cell.outputs = [{ output_type: 'stream', name: 'stdout', text: [text] }];
    return cell;
  };
  const long = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
  const nb = notebookOf([
    markdown('# Lab 98: 省略'),
    printed("const setup = 'hidden';", 'setup output\n', ['export-hide']),
    printed(
      "await aws(new CreateQueueCommand({ QueueName: 'q' }));",
      '$ aws sqs create-queue --queue-name q\n',
      ['export-output-only'],
    ),
    printed('console.log(long);', `${long}\n`, ['export-elide']),
    printed('console.log(short);', 'one\ntwo\n', ['export-elide']),
  ]);

  it('export-output-only shows the output without the code; export-hide shows neither', () => {
    const { markdown: md } = exportMarkdown(nb);
    expect(md).not.toContain('setup');
    expect(md).not.toContain('CreateQueueCommand');
    expect(md).toContain('```\n$ aws sqs create-queue --queue-name q\n```');
  });

  it("export-elide keeps the first 12 and last 4 lines of a long output around the blog's 中略 line", () => {
    const { markdown: md } = exportMarkdown(nb);
    const lines = long.split('\n');
    expect(md).toContain(
      ['```', ...lines.slice(0, 12), '-------------- 中略 --------------', ...lines.slice(-4), '```'].join(
        '\n',
      ),
    );
    expect(md).not.toContain('line 13\n');
    const command = ['$ aws iam create-access-key \\', '  --user-name u \\', '  --output text'];
    const cut = elide(
      [
        ...Array.from({ length: 10 }, (_, i) => `a${i}`),
        ...command,
        ...Array.from({ length: 20 }, (_, i) => `b${i}`),
        ...command,
      ].join('\n'),
    ).split('\n');
    expect(cut.slice(10, 14)).toEqual([...command, '-------------- 中略 --------------']);
    expect(cut.slice(-3)).toEqual(command);
    expect(md).toContain('```\none\ntwo\n```');
  });

  it('names the notebook and how many code cells the post leaves out under the provenance line', () => {
    const { markdown: md } = exportMarkdown(nb, {
      provenance: { target: 'aws', region: 'ap-northeast-1', ranAt: '2026-12-01T00:00:00Z' },
      source: 'notebooks/98-left-out.ipynb',
    });
    expect(md.split('\n').slice(0, 5)).toEqual([
      '<!-- title: Lab 98: 省略 -->',
      '',
      '> 実行環境: 2026-12-01 に AWS アカウント XXXXXXXXXXXX (リージョン ap-northeast-1) で実行した出力です。',
      '>',
      '> コードの一部 (準備・確認・後片付けなど 2 セル) は省略しています。すべてのセルは notebooks/98-left-out.ipynb にあります。',
    ]);
  });
});

describe("a reader's paths", () => {
  it('shows the stored <root> and <home> as ~/handson-notebooks and ~, so a printed file:// line pastes as it is', () => {
    const cell = code("await aws(new RunInstancesCommand({ UserData }), { files: ['<root>'] });");
    cell.outputs = [
      {
        output_type: 'stream',
        name: 'stdout',
        text: [
          '$ aws ec2 run-instances \\\n  --user-data file://<root>/.lab-work/u.bash\n<home>/.aws/config\n',
        ],
      },
    ];
    const { markdown: md } = exportMarkdown(notebookOf([markdown('# t'), cell]));
    expect(md).toContain('--user-data file://~/handson-notebooks/.lab-work/u.bash\n~/.aws/config\n```');
    expect(md).toContain("{ files: ['<root>'] }");
  });
});

describe('provenance', () => {
  const outputOf = (text: string) => JSON.stringify({ output_type: 'stream', name: 'stdout', text: [text] });
  const nb = notebookOf([markdown('# t')]);

  it('takes the target the lab printed; a service principal is not an AWS endpoint', () => {
    const principal = outputOf('target: sandbox, region: ap-northeast-1\n{"Service":"ec2.amazonaws.com"}\n');
    expect(provenanceOf(nb, undefined, principal, projectRoot())).toMatchObject({
      target: 'sandbox',
      seed: '0',
    });
    const real = outputOf('接続先: aws\nhttps://sqs.eu-west-1.amazonaws.com/XXXXXXXXXXXX/q\n');
    expect(provenanceOf(nb, undefined, real, projectRoot())).toEqual({ target: 'aws', region: 'eu-west-1' });
    expect(provenanceOf(nb, undefined, outputOf('region: us-east-2'), projectRoot())).toMatchObject({
      target: 'sandbox',
    });
  });

  it("a notebook's recorded provenance wins over what its outputs suggest, and keeps the derived rest", () => {
    const recorded = notebookOf([markdown('# t')]);
    recorded.metadata.handson = { provenance: { target: 'sandbox', seed: 'lab04-notebook' } };
    const p = provenanceOf(recorded, undefined, outputOf('http://127.0.0.1:4599/'), projectRoot());
    expect(p).toMatchObject({ target: 'sandbox', seed: 'lab04-notebook' });
    expect(p.sandboxVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(provenanceLine(p)).toContain('seed lab04-notebook');
  });
});
