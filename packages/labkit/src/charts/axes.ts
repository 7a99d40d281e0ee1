import { element, type Frame, num, scale, text, ticks } from './svg';

export interface AxesOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  xDomain: [number, number];
  yDomain: [number, number];
  width?: number;
  height?: number;
  /** Room above the plot for a legend row under the title. */
  legend?: boolean;
}

export interface Axes {
  frame: Frame;
  x: (value: number) => number;
  y: (value: number) => number;
  /** The title, the grid, the tick labels and the axis names. */
  parts: string[];
}

/** The common frame of both charts: the plot area, the grid, the ticks and the labels. */
export function axes(options: AxesOptions): Axes {
  const frame: Frame = {
    width: options.width ?? 560,
    height: options.height ?? 380,
    left: 56,
    right: 20,
    top: options.legend ? 56 : 36,
    bottom: 48,
  };
  const x = scale(options.xDomain, [frame.left, frame.width - frame.right]);
  const y = scale(options.yDomain, [frame.height - frame.bottom, frame.top]);
  const parts: string[] = [
    element('rect', { x: 0, y: 0, width: frame.width, height: frame.height, fill: '#ffffff' }),
    text(frame.width / 2, 22, options.title, {
      'text-anchor': 'middle',
      'font-size': 15,
      'font-weight': 'bold',
    }),
  ];
  const grid = (x1: number, y1: number, x2: number, y2: number) =>
    element('line', { x1, y1, x2, y2, stroke: '#dddddd', 'stroke-width': 1 });
  for (const t of ticks(...options.xDomain)) {
    parts.push(grid(x(t), frame.top, x(t), frame.height - frame.bottom));
    parts.push(
      text(x(t), frame.height - frame.bottom + 16, num(t), { 'text-anchor': 'middle', 'font-size': 11 }),
    );
  }
  for (const t of ticks(...options.yDomain)) {
    parts.push(grid(frame.left, y(t), frame.width - frame.right, y(t)));
    parts.push(text(frame.left - 6, y(t) + 4, num(t), { 'text-anchor': 'end', 'font-size': 11 }));
  }
  parts.push(
    element('rect', {
      x: frame.left,
      y: frame.top,
      width: frame.width - frame.left - frame.right,
      height: frame.height - frame.top - frame.bottom,
      fill: 'none',
      stroke: '#444444',
    }),
    text(frame.width / 2, frame.height - 10, options.xLabel, { 'text-anchor': 'middle', 'font-size': 12 }),
    text(14, frame.height / 2, options.yLabel, {
      'text-anchor': 'middle',
      'font-size': 12,
      transform: `rotate(-90 14 ${num(frame.height / 2)})`,
    }),
  );
  return { frame, x, y, parts };
}

export function svgDocument(frame: Frame, parts: string[]): string {
  return `${element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width: frame.width,
      height: frame.height,
      viewBox: `0 0 ${frame.width} ${frame.height}`,
      'font-family': 'sans-serif',
    },
    `\n${parts.join('\n')}\n`,
  )}\n`;
}
