// The calls a step makes, as the `aws` command lines they stand for (the renderer the transcripts use).

import { type CliCommandOptions, toCliCommand } from '@handson/cli/command';
import { labVars } from '@handson/labkit';
import type { CallSpec, LabManifest, StepSpec, VarRef } from './manifest.mts';

const OPEN = 'HANDSONVAR';
const CLOSE = 'ENDVAR';
// Letters only, so the command renderer never quotes it: the placeholder is swapped in after rendering.
const TOKEN = new RegExp(`${OPEN}([A-Za-z0-9_]+?)${CLOSE}`, 'g');

function placeholder(name: string): string {
  return `${OPEN}${name}${CLOSE}`;
}

/** `"${NAME}"` when the placeholder is a whole argument, `${NAME}` inside a longer one. */
function showPlaceholders(line: string): string {
  return line
    .split(' ')
    .map((word) =>
      new RegExp(`^${OPEN}[A-Za-z0-9_]+?${CLOSE}$`).test(word)
        ? word.replace(TOKEN, (_, name: string) => `"\${${name}}"`)
        : word.replace(TOKEN, (_, name: string) => `\${${name}}`),
    )
    .join(' ');
}

function split(
  call: CallSpec,
): [CallSpec extends readonly [infer C, unknown] ? C : never, CliCommandOptions] {
  return (Array.isArray(call) ? call : [call, {}]) as never;
}

/**
 * Every call of a step as one `aws …` line. With `known`, lab variables already set by earlier steps (and
 * kept in the lab's work directory) are filled in; otherwise each shows as `${NAME}`.
 */
export function renderCalls(lab: LabManifest, spec: StepSpec, options: { known?: boolean } = {}): string[] {
  const values = options.known ? labVars(lab.slug).all() : {};
  const v: VarRef = (name) => values[name] ?? placeholder(name);
  return spec.calls(v).map((call) => {
    const [command, cli] = split(call);
    return `  ${showPlaceholders(toCliCommand(command as never, cli).oneLine())}`;
  });
}

/** The operation names a step declares (`CreateUser`), for the test that compares them with a real run. */
export function declaredOperations(spec: StepSpec): string[] {
  const v: VarRef = (name) => placeholder(name);
  return spec.calls(v).map((call) => {
    const [command] = split(call);
    return toCliCommand(command as never).operation;
  });
}
