import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Notebook } from '../src/notebook-file';
import { readNotebook } from '../src/notebook-file';
import { englishProse, englishProseProblems, isEnglishProse } from '../src/prose-language';

const markdown = (...cells: string[]): Notebook =>
  ({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((source) => ({ cell_type: 'markdown', metadata: {}, source })),
  }) as unknown as Notebook;

describe('englishProse', () => {
  it('accepts Japanese prose with one English line under each heading', () => {
    const nb = markdown(
      '# 06 アクセスキー漏えい対応の訓練\n*Drill: responding to an exposed access key*\n\n訓練です。',
      '## 目的\n*Purpose*\n\n- 漏えいしたキーを `aws iam update-access-key` で無効化する。\n- 全リージョンを調べる。',
      '### 確認\nCheck what the drill found, region by region.\n\n結果を確かめます。',
    );
    expect(englishProse(nb)).toEqual([]);
  });

  it('flags an English paragraph after the Japanese one, naming the cell', () => {
    const nb = markdown(
      '## 前提\n*Before*\n\n準備です。',
      '# 06 訓練\n*Drill*\n\n日本語の説明です。\n\nA safe rehearsal on the local sandbox of what the notes say to do.',
    );
    expect(englishProse(nb)).toEqual([
      { cell: 2, preview: 'A safe rehearsal on the local sandbox of what the notes say to do.' },
    ]);
    expect(englishProseProblems(nb)[0]).toMatch(/^cell 2: English prose outside the line under a heading/);
  });

  it('flags English list items and quotes, and a second line under a heading', () => {
    const nb = markdown(
      '- 日本語の項目\n- Delete the key first and never stop at making it inactive',
      '> The notes say to rotate every key of every user.',
      '## 実行\n*Run*\n\nThe step runs in every region the account can use.',
    );
    expect(englishProse(nb).map((f) => f.cell)).toEqual([1, 2, 3]);
  });

  it('leaves code, command lines, identifiers, URLs and tables alone', () => {
    const nb = markdown(
      '```bash\nfor region in $(aws ec2 describe-regions --query "Regions[].RegionName" --output text); do echo $region; done\n```',
      '    aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=AKIAIOSFODNN7EXAMPLE',
      '$ aws sts get-caller-identity --query Arn --output text',
      'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-active.html',
      '`CryptoCurrency:EC2/BitcoinTool.B` と `PenTest:S3/KaliLinux`',
      '| Region | Events | Instances |\n|---|---|---|\n| us-east-1 | 3 | 2 |',
      'AmazonS3FullAccess, IAMFullAccess',
    );
    expect(englishProse(nb)).toEqual([]);
  });

  it('tells prose from names by words, not by letters', () => {
    expect(isEnglishProse('The attacker made instances in three regions.')).toBe(true);
    expect(isEnglishProse('ap-northeast-1 us-east-1 eu-west-1 t3.micro')).toBe(false);
    expect(isEnglishProse('攻撃者は AWS CLI v2 と SDK を使った')).toBe(false);
    expect(isEnglishProse('handson_drill_backdoor arn:aws:iam::123456789012:user/handson')).toBe(false);
  });
});

describe("the project's notebooks", () => {
  const dir = resolve(__dirname, '..', '..', '..', 'notebooks');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ipynb'));
  it.each(files)('%s has Japanese prose with English only under headings', (file) => {
    expect(englishProseProblems(readNotebook(join(dir, file)))).toEqual([]);
  });
});
