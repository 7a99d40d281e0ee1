export type EnvOverrides = Record<string, string | undefined>;

/**
 * Runs `fn` with some environment variables set (a value) or unset (`undefined`), then puts them back, also
 * when `fn` throws or its promise rejects. Lab 01 uses it to switch identity the way the blog does with
 * `export AWS_SHARED_CREDENTIALS_FILE=… AWS_DEFAULT_PROFILE=…` and `export -n`.
 * process.env is global: don't run two overlapping `withEnv` scopes concurrently.
 */
export function withEnv<T>(overrides: EnvOverrides, fn: () => T): T {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(overrides)) {
    saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const restore = () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  let result: T;
  try {
    result = fn();
  } catch (error) {
    restore();
    throw error;
  }
  if (result && typeof (result as { then?: unknown }).then === 'function') {
    return (result as unknown as Promise<unknown>).finally(restore) as T;
  }
  restore();
  return result;
}
