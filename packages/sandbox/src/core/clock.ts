/**
 * The sandbox clock: real time plus an offset that tests (and time-dependent behaviour such as SQS
 * visibility timeouts) can move forward without sleeping. Tests can also freeze it so that timestamps do
 * not depend on how long a client took to start.
 */
export class SandboxClock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`clock.advance needs a non-negative number, got ${ms}`);
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  /** Sets the clock so that now() returns `date` at this instant. */
  set(date: Date): void {
    if (this.frozenAt !== undefined) this.frozenAt = date.getTime();
    else this.offsetMs = date.getTime() - Date.now();
  }

  /** Stops the clock at `date` (default: now); only advance() and set() move it until resume(). */
  freeze(date: Date = this.now()): void {
    this.frozenAt = date.getTime();
  }

  /** Lets the clock run again from where it stands. */
  resume(): void {
    if (this.frozenAt === undefined) return;
    this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = undefined;
  }
}
