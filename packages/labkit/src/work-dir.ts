import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The project checkout this file is in, if it is in one (scripts bundled for CloudShell are not). */
function projectRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"handson-notebooks"/.test(readFileSync(pkg, 'utf8'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Where labs keep their files (access-key JSON, credentials INI, key pairs, received messages): the blog's
 * `${HOME}/environment` stands for it. `HANDSON_WORK_DIR` chooses it; otherwise `.lab-work/` in the checkout
 * (git-ignored), or `~/environment` outside one, as in Cloud9. Created owner-only: it will hold secrets.
 */
export function workDir(...parts: string[]): string {
  const base =
    process.env.HANDSON_WORK_DIR ??
    (() => {
      const root = projectRoot(process.cwd()) ?? projectRoot(__dirname);
      return root ? join(root, '.lab-work') : join(homedir(), 'environment');
    })();
  const dir = resolve(base, ...parts);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/**
 * The shell variables one script of a lab hands to the next (the blog's IAM_USER_NAME, FILE_ACCESS_KEY...),
 * kept as JSON in the lab's work directory so each of its scripts can run on its own.
 */
export interface LabVars {
  get(name: string): string | undefined;
  /** The value, or an error saying which earlier step sets it. */
  need(name: string, setBy: string): string;
  set(name: string, value: string): void;
  all(): Record<string, string>;
  clear(): void;
}

export function labVars(slug: string): LabVars {
  // Resolved at first use, not here: a script's `--help` imports its lab module and must create nothing.
  const file = () => join(workDir(slug), 'vars.json');
  const read = (): Record<string, string> =>
    existsSync(file()) ? JSON.parse(readFileSync(file(), 'utf8')) : {};
  return {
    get: (name) => read()[name],
    need(name, setBy) {
      const value = read()[name];
      if (value === undefined) throw new Error(`${name} is not set yet: run ${setBy} first (${slug}).`);
      return value;
    },
    set(name, value) {
      const vars = { ...read(), [name]: value };
      const temp = `${file()}.tmp`;
      writeFileSync(temp, `${JSON.stringify(vars, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, file());
      chmodSync(file(), 0o600);
    },
    all: read,
    clear: () => rmSync(file(), { force: true }),
  };
}
