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

/** Self time per bucket over every profile in `dir` (one per thread: tsx runs a loader thread). */
export function summarizeProfiles(dir: string): ProfileSummary {
  const totals = new Map<string, number>();
  let totalMs = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      if (!node) return;
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const name = bucketOf(node.callFrame.url, node.callFrame.functionName);
      totals.set(name, (totals.get(name) ?? 0) + ms);
      totalMs += ms;
    });
  }
  const buckets = [...totals].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return { totalMs, buckets };
}
