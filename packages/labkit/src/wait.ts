import { sandboxClock, type VirtualClock } from '@handson/aws';
import { errorCodes } from '@handson/cli';

/**
 * Waits people can see: anything longer than a couple of seconds first says what it waits for and for how
 * long, then shows how far it got on one line that updates in place (a terminal and Jupyter both honour
 * `\r`), and ends with how long it took. On the local sandbox the wait moves the sandbox's virtual clock
 * instead (HANDSON_REAL_WAITS=1 sleeps there too). Written here rather than with zx's spinner because the line shows
 * elapsed against the longest wait, and because notebooks, which load this package, must not load zx.
 */

/** Waits up to this long go by silently. */
export const SILENT_WAIT_MS = 2000;

export interface WaitOptions {
  /** What is awaited, e.g. `the visibility timeout to run out`. */
  what: string;
  /** The whole wait, or the longest it may take when `until` can end it early. */
  ms: number;
  /** Checked every `pollMs`; the wait ends as soon as it resolves true. */
  until?: () => Promise<boolean>;
  /** Default 1000 ms (progress is redrawn as often). */
  pollMs?: number;
  /** Where the lines go (default stderr, so stdout stays what the blog printed). */
  write?: (text: string) => void;
  /** Draw the in-place line (default: always; tests turn it off). */
  progress?: boolean;
  /** Redraw every poll as on a terminal (default: whether stderr is one). */
  tty?: boolean;
  /**
   * Whose time passes: by default the local sandbox's virtual clock when the target is the sandbox (the
   * wait costs nothing there), real time elsewhere; `'real'` always sleeps.
   */
  clock?: VirtualClock | 'real';
}

export interface WaitResult {
  /** False when `until` never said yes within `ms`. */
  done: boolean;
  waitedMs: number;
}

/** `12 s`, `2 min`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Off a terminal (a notebook, a log) the line is redrawn this seldom: each redraw is kept in a log. */
const UNATTENDED_REDRAW_MS = 5000;
/** Wide enough for any progress text; padding overwrites a longer earlier text without terminal codes. */
const PROGRESS_WIDTH = 40;

function progressText(frame: number, elapsedMs: number, totalMs: number, upTo: string): string {
  const glyph = FRAMES[frame % FRAMES.length];
  return `${glyph} ${formatDuration(elapsedMs)} of ${upTo}${formatDuration(totalMs)}`.padEnd(PROGRESS_WIDTH);
}

const defaultWrite = (text: string) => {
  process.stderr.write(text);
};

/** Between polls on the virtual clock: the sandbox's other clients get their turn. */
const VIRTUAL_POLL_PAUSE_MS = 20;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits as described above; `until` failing ends the wait with its error. */
export async function waitFor(options: WaitOptions): Promise<WaitResult> {
  const clock = options.clock === 'real' ? undefined : (options.clock ?? (await sandboxClock()));
  const write = options.write ?? defaultWrite;
  const visible = options.ms > SILENT_WAIT_MS;
  const upTo = options.until ? 'up to ' : '';
  const how = clock ? " (on the local sandbox's clock, which moves on at once)" : '';
  if (visible) write(`Waiting ${upTo}${formatDuration(options.ms)} for ${options.what}${how} …\n`);
  const { done, waitedMs } = clock ? await virtualWait(options, clock) : await realWait(options, write);
  if (visible)
    write(
      `${done ? 'Done' : 'Gave up'} after ${formatDuration(waitedMs)}${clock ? ' of sandbox time' : ''}.\n`,
    );
  return { done, waitedMs };
}

/** Sleeps, with the in-place progress line. */
async function realWait(options: WaitOptions, write: (text: string) => void): Promise<WaitResult> {
  const pollMs = options.pollMs ?? 1000;
  const drawn = options.ms > SILENT_WAIT_MS && options.progress !== false;
  const upTo = options.until ? 'up to ' : '';
  const tty = options.tty ?? Boolean(process.stderr.isTTY);
  const started = Date.now();
  let frame = 0;
  let lastDrawn = -1;
  let done = false;
  try {
    for (;;) {
      if (options.until && (await options.until())) {
        done = true;
        break;
      }
      const elapsed = Date.now() - started;
      if (elapsed >= options.ms) break;
      if (drawn && (tty || elapsed - lastDrawn >= UNATTENDED_REDRAW_MS || lastDrawn < 0)) {
        lastDrawn = elapsed;
        write(`\r${progressText(frame++, elapsed, options.ms, upTo)}`);
      }
      await pause(Math.min(pollMs, options.ms - elapsed));
    }
  } finally {
    if (drawn && lastDrawn >= 0) write(`\r${' '.repeat(PROGRESS_WIDTH)}\r`);
  }
  return { done: done || !options.until, waitedMs: Date.now() - started };
}

/**
 * Moves the sandbox's clock instead of sleeping: the whole wait at once, or poll by poll while `until` says
 * not yet (a short real pause between polls lets the sandbox answer other clients).
 */
async function virtualWait(options: WaitOptions, clock: VirtualClock): Promise<WaitResult> {
  if (!options.until) {
    await clock.advance(options.ms);
    return { done: true, waitedMs: options.ms };
  }
  const pollMs = options.pollMs ?? 1000;
  let waitedMs = 0;
  for (;;) {
    if (await options.until()) return { done: true, waitedMs };
    if (waitedMs >= options.ms) return { done: false, waitedMs };
    const step = Math.min(pollMs, options.ms - waitedMs);
    await clock.advance(step);
    waitedMs += step;
    await pause(VIRTUAL_POLL_PAUSE_MS);
  }
}

export interface RetryOptions {
  /** What is being tried, e.g. `the new access key`. */
  what: string;
  /** Error codes that mean "not yet" (e.g. IAM's eventual consistency: `InvalidClientTokenId`). */
  codes: string[];
  /** Give up after this long (default 120 s). */
  maxMs?: number;
  /** Between attempts (default 5000 ms). */
  pollMs?: number;
  write?: (text: string) => void;
}

/**
 * Calls `fn` until it stops failing with one of `codes`: AWS's eventually consistent services (a new IAM key
 * or role works after a few seconds) answer "not yet" that way. Says so once, then retries with progress.
 */
export async function retryWhile<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  try {
    return await fn();
  } catch (first) {
    if (!errorCodes(first).some((code) => options.codes.includes(code))) throw first;
    const write = options.write ?? defaultWrite;
    write(`${options.what}: not yet (${errorCodes(first)[0]}); AWS takes a few seconds to apply it.\n`);
  }
  let result: { value: T } | undefined;
  let lastError: unknown;
  const { done } = await waitFor({
    what: options.what,
    ms: options.maxMs ?? 120_000,
    pollMs: options.pollMs ?? 5000,
    ...(options.write ? { write: options.write } : {}),
    until: async () => {
      try {
        result = { value: await fn() };
        return true;
      } catch (error) {
        if (!errorCodes(error).some((code) => options.codes.includes(code))) throw error;
        lastError = error;
        return false;
      }
    },
  });
  if (done && result) return result.value;
  throw lastError;
}
