import { axes, svgDocument } from './axes';
import type { Point } from './scatter';
import { element, num, text, ticks } from './svg';

export interface Series {
  name: string;
  points: Point[];
}

export interface LineOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  width?: number;
  height?: number;
}

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'];

/** Lines with markers as an SVG document, e.g. ApproximateNumberOfMessages over the calls of a run. */
export function lineChart(options: LineOptions): string {
  const all = options.series.flatMap((s) => s.points);
  if (all.length === 0) throw new RangeError('lineChart needs at least one point');
  const xDomain: [number, number] = [Math.min(...all.map((p) => p.x)), Math.max(...all.map((p) => p.x))];
  const yMin = Math.min(0, ...all.map((p) => p.y));
  const yMax = Math.max(1, ...all.map((p) => p.y));
  // Up to the next round tick, so the top grid line is labelled.
  const [first, second] = ticks(yMin, yMax);
  const step = second === undefined ? 1 : second - first!;
  const yDomain: [number, number] = [yMin, Math.ceil(yMax / step) * step];
  const a = axes({ ...options, xDomain, yDomain, legend: true });
  const parts = [...a.parts];
  options.series.forEach((series, index) => {
    const colour = COLOURS[index % COLOURS.length]!;
    const path = series.points.map((p) => `${num(a.x(p.x))},${num(a.y(p.y))}`).join(' ');
    parts.push(element('polyline', { points: path, fill: 'none', stroke: colour, 'stroke-width': 2 }));
    for (const p of series.points) {
      parts.push(element('circle', { cx: a.x(p.x), cy: a.y(p.y), r: 2.5, fill: colour }));
    }
    // One legend row between the title and the plot, so it never hides a point.
    const legendX = a.frame.left + index * 110;
    parts.push(
      element('rect', { x: legendX, y: 36, width: 10, height: 10, fill: colour }),
      text(legendX + 16, 45, series.name, { 'font-size': 11 }),
    );
  });
  return svgDocument(a.frame, parts);
}
