import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { AWS_CLI, ROOT } from './paths';

function version(pkg: string): string {
  const path = join(ROOT, 'node_modules', pkg, 'package.json');
  return existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version
    : 'not installed';
}

/** What the figures were measured on, for the top of BENCHMARKS.md. */
export function machineLines(): string[] {
  let cli = 'not installed';
  try {
    cli = execFileSync(AWS_CLI, ['--version'], { encoding: 'utf8' }).trim().split(' ')[0] ?? cli;
  } catch {}
  return [
    `- CPU: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `- Node ${process.version}, AWS SDK for JavaScript v3 ${version('@aws-sdk/client-sqs')}, tsx ${version('tsx')}`,
    `- ${cli} (Debian's, at ${AWS_CLI})`,
  ];
}
