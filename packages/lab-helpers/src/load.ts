import { sandboxClock, type VirtualClock } from '@handson/aws';
import { formatDuration } from '@handson/labkit';

/**
 * A load from several workers at once, as the blog ran one read script in several Cloud9 terminals: each
 * worker is a loop sending one request after another at a steady pace, and a live line counts what came
 * back (successes, throttles). On real AWS the workers run freely in real time. On the local sandbox they
 * run in lock step on its virtual clock: every worker sends its requests for the current second, then the
 * clock moves on one second, so ten minutes of load take as long as the requests themselves.
 */

export interface LoadTally {
  /** Outcomes by label (e.g. `ok`, `throttled`), over the whole load. */
  total: Record<string, number>;
  /** Outcomes in the interval that just ended (see `every`). */
  interval: Record<string, number>;
  /** Load time so far (virtual on the sandbox). */
  elapsedMs: number;
}

export interface LoadOptions {
  /** How many loops run at once (the blog's terminals). */
  workers: number;
  /** Requests a second each worker sends (a worker whose request takes longer sends fewer). */
  ratePerSecond: number;
  /** How long the load lasts at most. */
  durationMs: number;
  /** One request of one worker; resolves to the outcome's label. Errors it throws end the load. */
  request: (worker: number, n: number) => Promise<string>;
  /** Called after each interval with the counts; resolving true ends the load early. */
  every?: { ms: number; report: (tally: LoadTally) => Promise<boolean | undefined> | boolean | undefined };
  /** The live line goes here (default stderr, so stdout keeps what the lab prints). */
  write?: (text: string) => void;
  /** Redraw the live line as on a terminal (default: whether stderr is one). */
  tty?: boolean;
  /** As in waitFor: the sandbox's clock by default on the sandbox, real time elsewhere. */
  clock?: VirtualClock | 'real';
  /**
   * On the virtual clock, how far it moves per round (default 1000 ms; each worker sends its requests for
   * that span, then the clock moves). Longer rounds mean fewer clock moves for the same requests.
   */
  tickMs?: number;
}

export interface LoadResult {
  total: Record<string, number>;
  elapsedMs: number;
  /** True when `every` ended the load before its duration. */
  stoppedEarly: boolean;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function count(into: Record<string, number>, label: string): void {
  into[label] = (into[label] ?? 0) + 1;
}

/** `812 ok, 2,310 throttled` */
export function formatTally(tally: Record<string, number>): string {
  const entries = Object.entries(tally);
  return entries.length === 0
    ? 'nothing yet'
    : entries.map(([label, n]) => `${n.toLocaleString('en-US')} ${label}`).join(', ');
}

function checkOptions(options: LoadOptions): void {
  const whole = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!whole(options.workers, 64)) throw new RangeError(`workers must be 1-64, got ${options.workers}`);
  if (!whole(options.ratePerSecond, 100))
    throw new RangeError(`ratePerSecond must be 1-100, got ${options.ratePerSecond}`);
  if (!(options.durationMs > 0))
    throw new RangeError(`durationMs must be positive, got ${options.durationMs}`);
  const tick = options.tickMs ?? 1000;
  if (!(Number.isInteger(tick) && tick >= 1000 && tick % 1000 === 0 && tick <= 60_000))
    throw new RangeError(`tickMs must be whole seconds from 1000 to 60000, got ${options.tickMs}`);
  if (options.every && !(options.every.ms >= 1000 && options.every.ms % tick === 0))
    throw new RangeError(`every.ms must be a multiple of tickMs (${tick}), got ${options.every.ms}`);
}

/** Runs the load as described above and returns the counts. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  checkOptions(options);
  const clock = options.clock === 'real' ? undefined : (options.clock ?? (await sandboxClock()));
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  const tty = options.tty ?? Boolean(process.stderr.isTTY);
  const total: Record<string, number> = {};
  let interval: Record<string, number> = {};
  const record = (label: string) => {
    count(total, label);
    count(interval, label);
  };
  const live = (elapsedMs: number) =>
    `\r${formatDuration(elapsedMs)} of ${formatDuration(options.durationMs)}: ${formatTally(total)}`.padEnd(
      60,
    );
  write(
    `Load: ${options.workers} workers × ${options.ratePerSecond} request(s)/s for up to ` +
      `${formatDuration(options.durationMs)}${clock ? " (on the local sandbox's clock)" : ''} …\n`,
  );
  const endInterval = async (elapsedMs: number): Promise<boolean> => {
    const tally = { total: { ...total }, interval, elapsedMs };
    interval = {};
    return Boolean(await options.every?.report(tally));
  };
  const result = clock
    ? await lockStep(options, clock, record, endInterval, (ms) => tty && write(live(ms)))
    : await freeRunning(options, record, endInterval, (ms) => write(live(ms)), tty);
  write(
    `${tty ? `\r${' '.repeat(60)}\r` : ''}Load done after ${formatDuration(result.elapsedMs)}: ${formatTally(total)}.\n`,
  );
  return { total, ...result };
}

type Record1 = (label: string) => void;
type EndInterval = (elapsedMs: number) => Promise<boolean>;

/** The sandbox: one round (tick) at a time, every worker's requests for that span, then the clock. */
async function lockStep(
  options: LoadOptions,
  clock: VirtualClock,
  record: Record1,
  endInterval: EndInterval,
  draw: (elapsedMs: number) => void,
): Promise<{ elapsedMs: number; stoppedEarly: boolean }> {
  const sent = new Array<number>(options.workers).fill(0);
  const everyMs = options.every?.ms ?? Number.POSITIVE_INFINITY;
  const tickMs = options.tickMs ?? 1000;
  const perTick = (options.ratePerSecond * tickMs) / 1000;
  for (let elapsedMs = 0; elapsedMs < options.durationMs; ) {
    await Promise.all(
      sent.map(async (_, worker) => {
        for (let k = 0; k < perTick; k++) record(await options.request(worker, sent[worker]!++));
      }),
    );
    await clock.advance(tickMs);
    elapsedMs += tickMs;
    draw(elapsedMs);
    if (elapsedMs % everyMs === 0 && (await endInterval(elapsedMs))) return { elapsedMs, stoppedEarly: true };
  }
  return { elapsedMs: options.durationMs, stoppedEarly: false };
}

/** Real time: each worker loops on its own, paced to its rate; the intervals are checked beside them. */
async function freeRunning(
  options: LoadOptions,
  record: Record1,
  endInterval: EndInterval,
  draw: (elapsedMs: number) => void,
  tty: boolean,
): Promise<{ elapsedMs: number; stoppedEarly: boolean }> {
  const started = Date.now();
  const gapMs = 1000 / options.ratePerSecond;
  let stop = false;
  let stoppedEarly = false;
  const worker = async (id: number) => {
    // Paced from its own last send, so a slow answer means fewer requests rather than a burst to catch up.
    let due = started;
    for (let n = 0; !stop && Date.now() - started < options.durationMs; n++) {
      if (due > Date.now()) await pause(due - Date.now());
      if (stop) break;
      due = Math.max(due + gapMs, Date.now());
      record(await options.request(id, n));
    }
  };
  const watcher = async () => {
    const everyMs = options.every?.ms ?? Number.POSITIVE_INFINITY;
    let next = everyMs;
    // Off a terminal the live line is drawn every 10 s: each redraw stays in a log or a notebook.
    let drawn = 0;
    while (!stop && Date.now() - started < options.durationMs) {
      await pause(Math.min(1000, options.durationMs - (Date.now() - started)));
      const elapsed = Date.now() - started;
      if (tty || elapsed - drawn >= 10_000) {
        drawn = elapsed;
        draw(elapsed);
      }
      if (elapsed >= next) {
        next += everyMs;
        if (await endInterval(elapsed)) {
          stoppedEarly = true;
          stop = true;
        }
      }
    }
  };
  try {
    await Promise.all([...Array.from({ length: options.workers }, (_, id) => worker(id)), watcher()]);
  } finally {
    stop = true;
  }
  return { elapsedMs: Math.min(Date.now() - started, options.durationMs), stoppedEarly };
}
