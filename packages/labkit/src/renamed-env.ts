/** A setting read from the environment: the name it was found under, and its text. */
export interface EnvSetting {
  name: string;
  raw: string;
}

/**
 * A duration setting now named for milliseconds (`name`), which still answers to its `former` name in other
 * units: users may have the old name in their shell. The new name wins; the old one alone is returned with a
 * one-line note on stderr, for the caller to convert. Undefined when neither is set (or both are empty).
 */
export function renamedEnv(
  name: string,
  former: string,
  env: NodeJS.ProcessEnv = process.env,
): EnvSetting | undefined {
  const value = env[name];
  if (value !== undefined && value !== '') return { name, raw: value };
  const old = env[former];
  if (old === undefined || old === '') return undefined;
  process.stderr.write(`note: ${former} is deprecated; set ${name} (milliseconds) instead.\n`);
  return { name: former, raw: old };
}
