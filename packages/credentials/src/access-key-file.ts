import { CredentialsError } from './errors';

/** The `AccessKey` member of `aws iam create-access-key` output. */
export interface AccessKey {
  UserName?: string;
  AccessKeyId: string;
  Status?: string;
  SecretAccessKey: string;
  CreateDate?: string;
  [other: string]: unknown;
}

/**
 * Parses the JSON that `aws iam create-access-key > FILE` wrote. The blog's shell pipeline silently produces a
 * credentials file without keys when this JSON is broken; here every such case is a clear error instead.
 */
export function parseAccessKeyJson(
  text: string,
  source = 'the access-key file',
): { document: unknown; accessKey: AccessKey } {
  if (text.trim() === '') {
    throw new CredentialsError(
      `${source} is empty: did \`aws iam create-access-key\` fail before writing it?`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    const reason = (err as Error).message;
    // Cut off mid-file: the parser ran out of input (it reports the end, or a position at the end).
    const position = Number(/at position (\d+)/.exec(reason)?.[1] ?? Number.NaN);
    const truncated = /end of (JSON )?input|Unterminated/i.test(reason) || position >= text.trimEnd().length;
    throw new CredentialsError(
      truncated
        ? `${source} looks truncated (${reason}): create a new access key and save the whole output.`
        : `${source} is not valid JSON (${reason}): it should hold the output of \`aws iam create-access-key\`.`,
    );
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new CredentialsError(`${source} holds JSON but not an object: expected {"AccessKey": {...}}.`);
  }
  const accessKey = (document as Record<string, unknown>).AccessKey;
  if (accessKey === undefined) {
    const keys = Object.keys(document).join(', ') || 'nothing';
    throw new CredentialsError(
      `${source} has no "AccessKey" member (it has ${keys}): it should hold the output of \`aws iam create-access-key\`, not of another command.`,
    );
  }
  if (accessKey === null || typeof accessKey !== 'object' || Array.isArray(accessKey)) {
    throw new CredentialsError(`${source}: "AccessKey" should be an object.`);
  }
  const key = accessKey as Record<string, unknown>;
  for (const member of ['AccessKeyId', 'SecretAccessKey'] as const) {
    if (typeof key[member] !== 'string' || key[member] === '') {
      throw new CredentialsError(`${source}: "AccessKey.${member}" is missing or not a string.`);
    }
  }
  return { document, accessKey: key as AccessKey };
}
