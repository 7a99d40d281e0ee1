import { svgDocument } from './axes';
import type { Tone } from './boxes';
import { element, type Frame, num, scale, text, ticks } from './svg';

export interface TimelineEvent {
  /** The row it is drawn on (a region, an identity). */
  lane: string;
  at: Date;
  /** Who acted, as a colour: the attacker (`denied`), the response (`ok`), anything else (`neutral`). */
  tone?: Tone;
  /** A short label next to the mark; unlabelled marks are dots only, so busy rows stay readable. */
  label?: string;
}

export interface TimelineOptions {
  title: string;
  events: TimelineEvent[];
  /** Row order, top to bottom; lanes of events not listed follow in order of appearance. */
  lanes?: string[];
  /** Names for the tones in the legend, e.g. `{ denied: 'attacker', ok: 'response' }`. */
  legend?: Partial<Record<Tone, string>>;
  width?: number;
}

const COLOURS: Record<Tone, string> = { ok: '#2ca02c', denied: '#d62728', neutral: '#555555' };
const LANE_HEIGHT = 100;
/** Label rows around a lane: three above, three below, nearest first. */
const LABEL_OFFSETS = [-10, 18, -22, 30, -34, 42];
/** About how wide a 10-pixel sans-serif character is, to keep labels from printing over each other. */
const CHAR_WIDTH = 5.8;
const LEFT = 130;

/** Seconds, minutes or hours for the x axis, so that its ticks are whole numbers of a unit a reader uses. */
function unitFor(spanMs: number): { ms: number; name: string } {
  if (spanMs <= 10 * 60_000) return { ms: 1000, name: 's' };
  if (spanMs <= 10 * 3_600_000) return { ms: 60_000, name: 'min' };
  return { ms: 3_600_000, name: 'h' };
}

/**
 * Events on a time axis, one row per lane, as an SVG document: an incident's timeline from CloudTrail-shaped
 * events (when the attacker acted in which region, when the response began). Times are shown from the first
 * event, so the picture reads the same whatever the date; the title or caption gives the absolute start.
 */
export function timelineChart(options: TimelineOptions): string {
  const events = [...options.events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const lanes = [...(options.lanes ?? [])];
  for (const e of events) if (!lanes.includes(e.lane)) lanes.push(e.lane);
  const start = events[0]?.at.getTime() ?? 0;
  const spanMs = Math.max(1000, (events.at(-1)?.at.getTime() ?? 0) - start);
  const unit = unitFor(spanMs);
  const frame: Frame = {
    width: options.width ?? 760,
    height: 56 + Math.max(1, lanes.length) * LANE_HEIGHT + 56,
    left: LEFT,
    right: 60,
    top: 56,
    bottom: 56,
  };
  const domain: [number, number] = [0, spanMs / unit.ms];
  const x = scale(domain, [frame.left, frame.width - frame.right]);
  const laneY = (lane: string) => frame.top + (lanes.indexOf(lane) + 0.5) * LANE_HEIGHT;
  const parts: string[] = [
    element('rect', { x: 0, y: 0, width: frame.width, height: frame.height, fill: '#ffffff' }),
    text(frame.width / 2, 22, options.title, {
      'text-anchor': 'middle',
      'font-size': 15,
      'font-weight': 'bold',
    }),
  ];
  const legend = Object.entries(options.legend ?? {}) as [Tone, string][];
  legend.forEach(([tone, name], i) => {
    const lx = frame.left + i * 140;
    parts.push(element('circle', { cx: lx, cy: 40, r: 5, fill: COLOURS[tone] }));
    parts.push(text(lx + 10, 44, name, { 'font-size': 12 }));
  });
  const bottom = frame.height - frame.bottom;
  for (const t of ticks(...domain)) {
    parts.push(element('line', { x1: x(t), y1: frame.top, x2: x(t), y2: bottom, stroke: '#dddddd' }));
    parts.push(text(x(t), bottom + 16, num(t), { 'text-anchor': 'middle', 'font-size': 11 }));
  }
  for (const lane of lanes) {
    const y = laneY(lane);
    parts.push(
      element('line', { x1: frame.left, y1: y, x2: frame.width - frame.right, y2: y, stroke: '#bbbbbb' }),
    );
    parts.push(text(frame.left - 8, y + 4, lane, { 'text-anchor': 'end', 'font-size': 12 }));
  }
  // Each label takes the nearest label row around its lane where it overlaps no label placed before it.
  const taken = new Map<string, [number, number][][]>();
  for (const e of events) {
    const cx = x((e.at.getTime() - start) / unit.ms);
    const cy = laneY(e.lane);
    parts.push(element('circle', { cx, cy, r: 4, fill: COLOURS[e.tone ?? 'neutral'], 'fill-opacity': 0.8 }));
    if (!e.label) continue;
    const half = (e.label.length * CHAR_WIDTH) / 2 + 3;
    const rows = taken.get(e.lane) ?? LABEL_OFFSETS.map(() => []);
    taken.set(e.lane, rows);
    const free = rows.findIndex((row) => row.every(([a, b]) => cx + half < a || cx - half > b));
    const at = free === -1 ? rows.length - 1 : free;
    rows[at]?.push([cx - half, cx + half]);
    parts.push(
      text(cx, cy + (LABEL_OFFSETS[at] as number), e.label, {
        'text-anchor': 'middle',
        'font-size': 10,
        fill: COLOURS[e.tone ?? 'neutral'],
      }),
    );
  }
  parts.push(
    text(frame.width / 2, frame.height - 14, `time since the first event (${unit.name})`, {
      'text-anchor': 'middle',
      'font-size': 12,
    }),
  );
  return svgDocument(frame, parts);
}
