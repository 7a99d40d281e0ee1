import { axes, svgDocument } from './axes';
import { element, text } from './svg';

export interface Point {
  x: number;
  y: number;
}

export interface ScatterOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  points: Point[];
  /** Draw y = x (where the points would lie if nothing moved) and mark the points on it. */
  diagonal?: boolean;
  width?: number;
  height?: number;
}

function extent(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  return [Math.min(0, ...values), Math.max(1, ...values)];
}

/** A scatter plot as an SVG document, e.g. send order (x) against receive order (y). */
export function scatterChart(options: ScatterOptions): string {
  const xs = options.points.map((p) => p.x);
  const ys = options.points.map((p) => p.y);
  let xDomain = extent(xs);
  let yDomain = extent(ys);
  if (options.diagonal) {
    const both: [number, number] = [Math.min(xDomain[0], yDomain[0]), Math.max(xDomain[1], yDomain[1])];
    xDomain = both;
    yDomain = both;
  }
  const a = axes({ ...options, xDomain, yDomain });
  const parts = [...a.parts];
  if (options.diagonal) {
    parts.push(
      element('line', {
        x1: a.x(xDomain[0]),
        y1: a.y(yDomain[0]),
        x2: a.x(xDomain[1]),
        y2: a.y(yDomain[1]),
        stroke: '#999999',
        'stroke-dasharray': '4 4',
      }),
    );
  }
  for (const p of options.points) {
    const onDiagonal = options.diagonal && p.x === p.y;
    parts.push(
      element('circle', {
        cx: a.x(p.x),
        cy: a.y(p.y),
        r: onDiagonal ? 5 : 4,
        fill: onDiagonal ? '#d62728' : '#1f77b4',
      }),
    );
  }
  if (options.diagonal) {
    const inPlace = options.points.filter((p) => p.x === p.y).length;
    parts.push(
      text(a.frame.left + 8, a.frame.top + 16, `● y = x: ${inPlace} / ${options.points.length}`, {
        'font-size': 11,
        fill: '#d62728',
      }),
    );
  }
  return svgDocument(a.frame, parts);
}
