import type { RequestContext } from '../../core/types';

/* DevOps Guru's state per account and region (JSON-serialisable: times in epoch ms). */

export interface TagBoundary {
  AppBoundaryKey: string;
  TagValues: string[];
}

export interface Coverage {
  /** Stack name (or `*` for every resource of the account) → when it was added. */
  stacks: Record<string, number>;
  /** Tag boundaries with the time each was added. */
  tags: (TagBoundary & { addedAt: number })[];
}

export interface AnomalyRecord {
  Id: string;
  insightId: string;
  resourceArn: string;
  tableName: string;
  metric: { MetricName: string; Dimensions: { Name: string; Value: string }[] };
  baseline: { median: number; mad: number };
  start: number;
  /** Last minute (start, ms) the metric was anomalous. */
  lastAnomalous: number;
  end?: number;
  openedAt: number;
  closedAt?: number;
  peak: { value: number; z: number; at: number };
  type: 'CAUSAL' | 'CONTEXTUAL';
}

export interface InsightRecord {
  Id: string;
  resourceArn: string;
  tableName: string;
  direction: 'read' | 'write';
  start: number;
  openedAt: number;
  end?: number;
  severity: 'LOW' | 'MEDIUM' | 'HIGH';
  /** The coverage that included the resource, as DevOps Guru reports it with each insight. */
  collection: { stacks?: string[]; tags?: TagBoundary[] };
}

/** Detector state for one covered resource. */
export interface ResourceWatch {
  learningStart: number;
  /** Per metric series key: the baseline learned from the learning period. */
  baselines: Record<string, { median: number; mad: number }>;
  /** Minute (start, ms) up to which minutes have been evaluated, exclusive. */
  evaluatedUntil: number;
  openInsight?: string;
}

export interface GuruState {
  coverage: Coverage;
  watches: Record<string, ResourceWatch>;
  insights: InsightRecord[];
  anomalies: AnomalyRecord[];
}

/** The newest insights kept (with their anomalies); older closed ones are forgotten. */
export const MAX_INSIGHTS = 200;

export function guruState(ctx: RequestContext): GuruState {
  return ctx.store<GuruState>('devops-guru', 'region', () => ({
    coverage: { stacks: {}, tags: [] },
    watches: {},
    insights: [],
    anomalies: [],
  }));
}

export function coverageIsOn(c: Coverage): boolean {
  return Object.keys(c.stacks).length > 0 || c.tags.length > 0;
}

/** Closes a resource's open insight and anomalies now (its coverage was removed). */
export function closeAll(state: GuruState, resourceArn: string, now: number): void {
  for (const i of state.insights) if (i.resourceArn === resourceArn && i.end === undefined) i.end = now;
  for (const a of state.anomalies)
    if (a.resourceArn === resourceArn && a.end === undefined) {
      a.end = now;
      a.closedAt = now;
    }
}
