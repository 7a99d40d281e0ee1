/**
 * A small discrete-event simulation of CloudFormation working through a dependency graph: a resource starts as
 * soon as everything it waits for has finished, takes a few milliseconds of simulated time, and independent
 * resources overlap. The real work (the provider call) happens when the resource starts, in simulated-time
 * order, so the event timestamps tell the same story as the calls made.
 */

export type Outcome = { ok: true } | { ok: false; reason: string };

export interface ScheduleOptions {
  /** Resources to process, in template order (ties start in this order). */
  ids: string[];
  /** The ids (within `ids`) that must finish successfully before this one starts. */
  waitFor(id: string): string[];
  /** Simulated duration in ms. */
  duration(id: string): number;
  begin(id: string, at: number): Promise<Outcome>;
  finish(id: string, at: number, outcome: Outcome): void;
  /** Called at the failure time for each resource still running when another one failed. */
  cancel?(id: string, at: number, outcome: Outcome): void;
  /** Stop starting new work after the first failure and cancel what is running (creation). */
  haltOnFailure: boolean;
  start: number;
}

export interface ScheduleResult {
  end: number;
  succeeded: string[];
  failed: string[];
  cancelled: string[];
  notStarted: string[];
}

export async function schedule(o: ScheduleOptions): Promise<ScheduleResult> {
  const started = new Set<string>();
  const succeeded: string[] = [];
  const failed: string[] = [];
  const cancelled: string[] = [];
  const running: { id: string; end: number; outcome: Outcome; order: number }[] = [];
  let now = o.start;
  let halted = false;
  let order = 0;
  for (;;) {
    if (!halted) {
      for (const id of o.ids) {
        if (started.has(id)) continue;
        if (!o.waitFor(id).every((d) => succeeded.includes(d))) continue;
        started.add(id);
        const outcome = await o.begin(id, now);
        running.push({ id, end: now + Math.max(2, o.duration(id)), outcome, order: order++ });
      }
    }
    if (running.length === 0) break;
    running.sort((a, b) => a.end - b.end || a.order - b.order);
    const next = running.shift()!;
    now = next.end;
    o.finish(next.id, now, next.outcome);
    if (next.outcome.ok) {
      succeeded.push(next.id);
    } else {
      failed.push(next.id);
      if (o.haltOnFailure && !halted) {
        halted = true;
        for (const r of running.splice(0)) {
          cancelled.push(r.id);
          o.cancel?.(r.id, now, r.outcome);
        }
      }
    }
  }
  return { end: now, succeeded, failed, cancelled, notStarted: o.ids.filter((id) => !started.has(id)) };
}
