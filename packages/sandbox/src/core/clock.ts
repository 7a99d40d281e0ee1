/**
 * The sandbox clock: real time plus an offset that tests (and the CLI's future "time travel" needs, e.g. SQS
 * visibility timeouts) can move forward without sleeping.
 */
export class SandboxClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`clock.advance needs a non-negative number, got ${ms}`);
    this.offsetMs += ms;
  }

  /** Sets the clock so that now() returns `date` at this instant. */
  set(date: Date): void {
    this.offsetMs = date.getTime() - Date.now();
  }

  offset(): number {
    return this.offsetMs;
  }
}
