import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a `.cpuprofile` that the summary reads. */
interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a sampled function lives: an npm package, a workspace package, Node's own code, or the engine. */
export function bucketOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(program)' || functionName === '(idle)') return 'engine, idle, I/O wait';
    return `engine: ${functionName || 'other'}`;
  }
  if (url.startsWith('node:')) return 'Node built-ins (module loader, fs, net)';
  const path = decodeURIComponent(url.replace(/^file:\/\//, ''));
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const ws = /\/packages\/([^/]+)\//.exec(path);
  if (ws) return `@handson/${ws[1]} (sources)`;
  return 'the script itself';
}

export interface ProfileSummary {
  totalMs: number;
  buckets: Array<{ name: string; ms: number }>;
}

/**
 * Calls `visit` for each sample of every profile in `dir` (one per thread: tsx runs a loader thread) taken
 * at or after `sinceUs` (the monotonic clock in µs, as `process.hrtime.bigint() / 1000n` reads it: V8 and
 * libuv both use CLOCK_MONOTONIC on Linux), with the sampled frame and the milliseconds it stands for.
 */
function eachSample(
  dir: string,
  sinceUs: number,
  visit: (frame: ProfileNode['callFrame'], ms: number) => void,
): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      at += delta;
      const node = byId.get(id);
      if (node && at >= sinceUs) visit(node.callFrame, delta / 1000);
    });
  }
}

function summary(totals: Map<string, number>): ProfileSummary {
  const buckets = [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return { totalMs: buckets.reduce((a, b) => a + b.ms, 0), buckets };
}

/** Self time per bucket over every profile in `dir`, from `sinceUs` on (default: all of it). */
export function summarizeProfiles(dir: string, sinceUs = 0): ProfileSummary {
  const totals = new Map<string, number>();
  eachSample(dir, sinceUs, (frame, ms) => {
    const name = bucketOf(frame.url, frame.functionName);
    totals.set(name, (totals.get(name) ?? 0) + ms);
  });
  return summary(totals);
}

/** Self time per function (name, file) over every profile in `dir` from `sinceUs` on, the `n` largest. */
export function topFunctions(dir: string, n: number, sinceUs = 0): ProfileSummary {
  const totals = new Map<string, number>();
  eachSample(dir, sinceUs, (frame, ms) => {
    const name = `${frame.functionName || '(anonymous)'}${frame.url ? ` (${shortPath(frame.url)})` : ''}`;
    totals.set(name, (totals.get(name) ?? 0) + ms);
  });
  const all = summary(totals);
  return { totalMs: all.totalMs, buckets: all.buckets.slice(0, n) };
}

/** A file as a reader finds it: from the package on (node_modules/x/… or packages/x/…), or a node: URL. */
function shortPath(url: string): string {
  const path = decodeURIComponent(url.replace(/^file:\/\//, ''));
  const m = /\/((?:node_modules|packages)\/.*)$/.exec(path);
  return m ? m[1]!.replace(/^node_modules\/(?:.*\/node_modules\/)?/, '') : path;
}
