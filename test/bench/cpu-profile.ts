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
 * libuv both use CLOCK_MONOTONIC on Linux), with the sampled frame, the milliseconds it stands for and, on
 * demand, the frames that called it (innermost first).
 */
function eachSample(
  dir: string,
  sinceUs: number,
  visit: (frame: ProfileNode['callFrame'], ms: number, callers: () => ProfileNode['callFrame'][]) => void,
): void {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parentOf = new Map<number, ProfileNode>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
    const callers = (node: ProfileNode) => () => {
      const frames: ProfileNode['callFrame'][] = [];
      for (let up = parentOf.get(node.id); up; up = parentOf.get(up.id)) frames.push(up.callFrame);
      return frames;
    };
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      at += delta;
      const node = byId.get(id);
      if (node && at >= sinceUs) visit(node.callFrame, delta / 1000, callers(node));
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

/**
 * The stages of a sandbox request, innermost first: a sample counts for the first stage one of its frames
 * belongs to (the journal and the observers run inside the operation's call, so they are looked for before it).
 */
const REQUEST_STAGES: Array<{ stage: string; fn?: string; file: RegExp }> = [
  { stage: 'saving: the journal line and its fsync call', fn: 'persist', file: /\/core\/dispatch\.js$/ },
  { stage: 'CloudTrail and the other request observers', fn: 'observe', file: /\/core\/dispatch\.js$/ },
  { stage: 'encoding the answer (service model)', fn: 'encode', file: /\/protocols\// },
  { stage: 'encoding the answer (service model)', fn: 'encodeError', file: /\/protocols\// },
  { stage: 'decoding the input (service model)', fn: 'decode', file: /\/protocols\// },
  { stage: 'SigV4: checking the signature', fn: 'identify', file: /\/server\/pipeline\.js$/ },
  { stage: 'SigV4: checking the signature', file: /\/identity\// },
  { stage: 'routing', fn: 'route', file: /\/server\/route\.js$/ },
  // The operation's frames: under invoke, or, after its first await, on their own from the microtask queue.
  {
    stage: 'the operation: handler, state and the proxies it reads through',
    file: /\/core\/(dispatch|state|changes)\.js$|\/services\//,
  },
  {
    stage: "HTTP in the sandbox's server: body, response bytes, writing",
    fn: 'serve',
    file: /\/server\/start\.js$/,
  },
];

/**
 * The main thread's samples by stage of a request (see REQUEST_STAGES); the rest is Node's own HTTP work and
 * events, garbage collection, idle time and a blocking fsync (wall time, not CPU).
 */
export function requestStages(dir: string, sinceUs = 0): ProfileSummary {
  const totals = new Map<string, number>();
  eachSample(dir, sinceUs, (frame, ms, callers) => {
    let name: string;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)')
      name = 'idle, or the engine unattributed';
    else if (frame.functionName === 'fsync') name = 'a blocking fsync (waiting on the disk)';
    else if (frame.functionName === '(garbage collector)') name = 'garbage collection';
    else {
      const stack = [frame, ...callers()];
      const found = REQUEST_STAGES.find((s) =>
        stack.some((f) => (s.fn === undefined || f.functionName === s.fn) && s.file.test(f.url)),
      );
      name = found?.stage ?? "Node's HTTP parsing, events and the rest";
    }
    totals.set(name, (totals.get(name) ?? 0) + ms);
  });
  return summary(totals);
}
