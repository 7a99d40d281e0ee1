import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialsError, PIPELINE_STAGES, runPipeline } from './index';

const blogFile = readFileSync(join(__dirname, '__fixtures__', 'blog-token-1.json'), 'utf8');

describe('the pipeline, stage by stage, on the blog’s own access-key file', () => {
  const { stages, lines } = runPipeline(blogFile);

  it('has one stage per command of the blog', () => {
    expect(PIPELINE_STAGES.map((s) => s.command)).toEqual([
      "jp.py 'AccessKey'",
      "sed '/[{}]/d'",
      `sed 's/[\\" ,]//g'`,
      "sed 's/:/=/'",
      "sed 's/AccessKeyId/aws_access_key_id/'",
      "sed 's/SecretAccessKey/aws_secret_access_key/'",
      "grep '^aws_'",
    ]);
  });

  it("prints what the blog printed after jp.py 'AccessKey'", () => {
    expect(stages[0]?.output).toBe(
      [
        '{',
        '    "UserName": "handson-cli-novice-user",',
        '    "AccessKeyId": "AKIAXXXXXXXXXXXX",',
        '    "Status": "Active",',
        '    "SecretAccessKey": "GwhXXXXXXXXXXXXXXXXXXXXX",',
        '    "CreateDate": "2021-07-17T05:37:31Z"',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keeps the colons of CreateDate after s/:/=/ (no g), as the blog points out', () => {
    expect(stages[3]?.output).toBe(
      'UserName=handson-cli-novice-user\nAccessKeyId=AKIAXXXXXXXXXXXX\nStatus=Active\nSecretAccessKey=GwhXXXXXXXXXXXXXXXXXXXXX\nCreateDate=2021-07-17T05:37:31Z\n',
    );
  });

  it('ends with the two lines of the credentials file', () => {
    expect(lines).toBe(
      'aws_access_key_id=AKIAXXXXXXXXXXXX\naws_secret_access_key=GwhXXXXXXXXXXXXXXXXXXXXX\n',
    );
    expect(stages.at(-1)?.pipeline).toContain("| grep '^aws_'");
  });
});

describe('bad access-key files', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty', '', /is empty/],
    ['truncated', blogFile.slice(0, 60), /looks truncated/],
    ['not JSON', 'AccessKeyId=AKIA', /not valid JSON/],
    ['an array', '[]', /not an object/],
    ['another command’s output', '{"User": {"UserName": "x"}}', /no "AccessKey" member \(it has User\)/],
    ['no secret', '{"AccessKey": {"AccessKeyId": "AKIA"}}', /AccessKey.SecretAccessKey" is missing/],
  ];
  for (const [name, text, message] of cases) {
    it(`refuses ${name} with a clear message`, () => {
      expect(() => runPipeline(text, 'token.json')).toThrow(CredentialsError);
      expect(() => runPipeline(text, 'token.json')).toThrow(message);
    });
  }
});
