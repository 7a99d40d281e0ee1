import { format, parseJsonText, query } from '@handson/cli';
import { parseAccessKeyJson } from './access-key-file';
import { CredentialsError } from './errors';

/**
 * The blog's pipeline, one named stage per command, so a notebook can show each intermediate output:
 *
 *   cat "${FILE_ACCESS_KEY}" | jp.py 'AccessKey' | sed '/[{}]/d' | sed 's/[\" ,]//g' | sed 's/:/=/' \
 *     | sed 's/AccessKeyId/aws_access_key_id/' | sed 's/SecretAccessKey/aws_secret_access_key/' | grep '^aws_'
 *
 * Each stage reproduces its command exactly, quirks included (the differential test runs the real commands),
 * rather than doing "the right thing": the point of the lab is to see what each command does.
 */
export interface PipelineStage {
  /** The command as the blog types it. */
  command: string;
  /** What it does, in the blog's words (Japanese) and in English. */
  explanation: { ja: string; en: string };
  apply(input: string): string;
}

/**
 * Applies `edit` to every line the way sed and grep see lines; `null` drops the line. sed keeps a missing
 * final newline missing, while grep always ends its output lines with one (`alwaysNewline`).
 */
function mapLines(text: string, edit: (line: string) => string | null, alwaysNewline = false): string {
  if (text === '') return '';
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  let out = '';
  lines.forEach((line, i) => {
    const edited = edit(line);
    if (edited === null) return;
    const unterminated = i === lines.length - 1 && !endsWithNewline && !alwaysNewline;
    out += unterminated ? edited : `${edited}\n`;
  });
  return out;
}

export const PIPELINE_STAGES: readonly PipelineStage[] = [
  {
    command: "jp.py 'AccessKey'",
    explanation: { ja: 'AccessKey の中身だけを抽出する', en: 'keep only the AccessKey object' },
    // jp.py prints json.dumps(result, indent=4, ensure_ascii=False) and a newline: the same as `--output json`,
    // and Python keeps 1e21 a float and 1.0 a float, so the text is parsed as Python would parse it.
    apply: (input) => format(query(parseJsonText(input), 'AccessKey'), { output: 'json' }),
  },
  {
    command: "sed '/[{}]/d'",
    explanation: { ja: '"{" か "}" を含む行を削除する', en: 'delete every line containing { or }' },
    apply: (input) => mapLines(input, (line) => (/[{}]/.test(line) ? null : line)),
  },
  {
    command: `sed 's/[\\" ,]//g'`,
    explanation: {
      ja: 'ダブルクォーテーション・空白・カンマを全て削除する（g で行中の全てが対象）',
      en: 'remove every double quote, space and comma (and backslash: inside [...] it is literal)',
    },
    apply: (input) => mapLines(input, (line) => line.replace(/[\\" ,]/g, '')),
  },
  {
    command: "sed 's/:/=/'",
    explanation: {
      ja: '各行の最初のコロンだけをイコールに置換する（g が無いので CreateDate の時刻のコロンは残る）',
      en: "replace the first colon of each line with = (no g: CreateDate's time keeps its colons)",
    },
    apply: (input) => mapLines(input, (line) => line.replace(':', '=')),
  },
  {
    command: "sed 's/AccessKeyId/aws_access_key_id/'",
    explanation: {
      ja: 'クレデンシャルファイルのキー名に合わせる',
      en: "rename to the credentials file's key name",
    },
    apply: (input) => mapLines(input, (line) => line.replace('AccessKeyId', 'aws_access_key_id')),
  },
  {
    command: "sed 's/SecretAccessKey/aws_secret_access_key/'",
    explanation: {
      ja: 'クレデンシャルファイルのキー名に合わせる',
      en: "rename to the credentials file's key name",
    },
    apply: (input) => mapLines(input, (line) => line.replace('SecretAccessKey', 'aws_secret_access_key')),
  },
  {
    command: "grep '^aws_'",
    explanation: { ja: 'aws_ で始まる行だけを残す', en: 'keep only the lines that start with aws_' },
    apply: (input) => mapLines(input, (line) => (line.startsWith('aws_') ? line : null), true),
  },
];

export interface StageResult {
  command: string;
  /** The command line so far, as the blog shows it growing one stage at a time. */
  pipeline: string;
  output: string;
}

/**
 * Runs the stages over the access-key file's text. The input is validated first, so a malformed or truncated
 * file is a clear error rather than a credentials file without keys.
 */
export function runPipeline(
  accessKeyJson: string,
  source?: string,
): { stages: StageResult[]; lines: string } {
  parseAccessKeyJson(accessKeyJson, source);
  const stages: StageResult[] = [];
  let text = accessKeyJson;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the blog's shell variable, printed as the blog wrote it
  let pipeline = 'cat "${FILE_ACCESS_KEY}"';
  for (const stage of PIPELINE_STAGES) {
    text = stage.apply(text);
    pipeline += ` | ${stage.command}`;
    stages.push({ command: stage.command, pipeline, output: text });
  }
  if (!/^aws_access_key_id=.+$/m.test(text) || !/^aws_secret_access_key=.+$/m.test(text)) {
    throw new CredentialsError(
      `the pipeline produced no complete key lines from ${source ?? 'the access-key file'}:\n${text || '(nothing)'}`,
    );
  }
  return { stages, lines: text };
}
