// `aws configure --profile NAME`, as the AWS CLI writes it: the keys in the credentials file
// (`[NAME]`, `key = value`), region and output in the config file (`[profile NAME]`), both owner-only.
// Lab 02 shows the blog's "usual way" with it, in sample files of its own (never ~/.aws).
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface ConfigureAnswers {
  aws_access_key_id: string;
  aws_secret_access_key: string;
  region: string;
  output: string;
}

/** Sets `values` in `section` of an INI file: changed in place when the section has them, else appended. */
export function setInSection(file: string, section: string, values: Record<string, string>): void {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  if (lines.at(-1) === '') lines.pop();
  let start = lines.indexOf(`[${section}]`);
  if (start < 0) {
    lines.push(`[${section}]`);
    start = lines.length - 1;
  }
  let end = lines.findIndex((line, i) => i > start && line.startsWith('['));
  if (end < 0) end = lines.length;
  for (const [key, value] of Object.entries(values)) {
    const at = lines.findIndex((line, i) => i > start && i < end && line.split('=')[0]!.trim() === key);
    if (at >= 0) lines[at] = `${key} = ${value}`;
    else lines.splice(end++, 0, `${key} = ${value}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/**
 * What `aws configure --profile` does with the four answers, and the transcript of its prompts. The prompts
 * show `[None]` for a value the profile does not have yet (the blog's case).
 */
export function awsConfigure(
  files: { credentials: string; config: string },
  profile: string,
  answers: ConfigureAnswers,
): string {
  const prompts = [
    ['AWS Access Key ID', answers.aws_access_key_id],
    ['AWS Secret Access Key', answers.aws_secret_access_key],
    ['Default region name', answers.region],
    ['Default output format', answers.output],
  ];
  setInSection(files.credentials, profile, {
    aws_access_key_id: answers.aws_access_key_id,
    aws_secret_access_key: answers.aws_secret_access_key,
  });
  setInSection(files.config, profile === 'default' ? 'default' : `profile ${profile}`, {
    region: answers.region,
    output: answers.output,
  });
  return [`$ aws configure --profile ${profile}`, ...prompts.map(([q, a]) => `${q} [None]: ${a}`)].join('\n');
}
