// --help for a lab step: what it does, the calls, the variables, what it creates and what removes it.
import { renderCalls } from './help.mts';
import { invocation } from './invocation.mts';
import type { LabManifest, OptionSpec } from './manifest.mts';
import { stepOf } from './manifest.mts';

function table(rows: [string, string][], indent = '  '): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`);
}

const TARGETS = [
  'Target: the local sandbox (started when none answers). HANDSON_TARGET=aws uses a real account (the',
  'region from AWS_REGION / AWS_DEFAULT_REGION or your profile; nothing changes before you confirm);',
  'AWS_ENDPOINT_URL uses another AWS-compatible endpoint.',
];

export function usage(
  lab: LabManifest,
  name: string,
  common: Record<string, OptionSpec & { short?: string }>,
) {
  const spec = stepOf(lab, name)!;
  const lines = [
    `${lab.slug} ${name}: ${lab.title} (${lab.blog.post})`,
    '',
    spec.does,
    '',
    `Usage: ${invocation(lab.slug, name)} [options]`,
  ];
  const calls = renderCalls(lab, spec);
  lines.push('', calls.length > 0 ? 'AWS calls:' : 'AWS calls: none', ...calls);
  const env = { ...lab.env, ...spec.env };
  if (Object.keys(env).length > 0) lines.push('', 'Environment:', ...table(Object.entries(env)));
  if (spec.needs && Object.keys(spec.needs).length > 0) {
    lines.push(
      '',
      'Needs (lab variables kept in its work directory):',
      ...table(Object.entries(spec.needs).map(([v, by]) => [v, `set by ${invocation(lab.slug, by)}`])),
    );
  }
  if (spec.files?.length) lines.push('', 'Writes:', ...spec.files.map((f) => `  ${f}`));
  if ('removes' in spec) {
    lines.push('', 'Removes:', ...(spec.removes as string[]).map((r) => `  ${r}`));
  } else {
    lines.push(
      '',
      spec.creates?.length ? 'Creates:' : 'Creates: nothing',
      ...(spec.creates ?? []).map((c) => `  ${c}`),
    );
    lines.push(`Removed by: ${invocation(lab.slug, 'teardown')}`);
  }
  const options = { ...common, ...spec.options };
  lines.push(
    '',
    'Options:',
    ...table(
      Object.entries(options).map(([option, o]) => [
        `${'short' in o && o.short ? `-${o.short}, ` : '    '}--${option}${o.type === 'string' ? ' <value>' : ''}`,
        o.description,
      ]),
    ),
    '',
    ...TARGETS,
  );
  return lines.join('\n');
}
