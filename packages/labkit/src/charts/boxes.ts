import { svgDocument } from './axes';
import { element, text } from './svg';

/** What an arrow or a box says: allowed / open (green), refused / closed (red, dashed), or plain (grey). */
export type Tone = 'ok' | 'denied' | 'neutral';

export interface BoxNode {
  id: string;
  /** Grid position: columns left to right, rows top to bottom. */
  column: number;
  row: number;
  title: string;
  /** Smaller lines under the title (an ARN, a port, a file name). */
  lines?: string[];
  tone?: Tone;
}

export interface BoxEdge {
  from: string;
  to: string;
  label?: string;
  tone?: Tone;
  /** Where along the arrow its label sits, 0 (start) to 1 (end); default the middle. Crossing arrows need apart. */
  labelAt?: number;
}

export interface BoxDiagramOptions {
  title: string;
  nodes: BoxNode[];
  edges: BoxEdge[];
  /** Box size and gaps in pixels (defaults suit two or three short lines). */
  boxWidth?: number;
  boxHeight?: number;
  gapX?: number;
  gapY?: number;
}

const COLOURS: Record<Tone, string> = { ok: '#2ca02c', denied: '#d62728', neutral: '#555555' };
const TOP = 44;
const LEFT = 20;

/**
 * Boxes on a grid joined by labelled arrows, as an SVG document: the small pictures of IAM identities and
 * policies, a pipeline's stages, or an instance behind its security group. The layout is the caller's grid
 * (no automatic placement), so the same state always gives the same text, which stored outputs rely on.
 */
export function boxDiagram(options: BoxDiagramOptions): string {
  const w = options.boxWidth ?? 200;
  const h = options.boxHeight ?? 64;
  const gx = options.gapX ?? 110;
  const gy = options.gapY ?? 40;
  const ids = new Set(options.nodes.map((n) => n.id));
  for (const edge of options.edges) {
    for (const end of [edge.from, edge.to]) {
      if (!ids.has(end)) throw new RangeError(`boxDiagram: an edge names no box ${end}`);
    }
  }
  const columns = Math.max(1, ...options.nodes.map((n) => n.column + 1));
  const rows = Math.max(1, ...options.nodes.map((n) => n.row + 1));
  const at = (n: BoxNode) => ({ x: LEFT + n.column * (w + gx), y: TOP + n.row * (h + gy) });
  const byId = new Map(options.nodes.map((n) => [n.id, n]));
  const frame = {
    width: LEFT * 2 + columns * w + (columns - 1) * gx,
    height: TOP + rows * h + (rows - 1) * gy + 20,
    left: LEFT,
    right: LEFT,
    top: TOP,
    bottom: 20,
  };
  const parts = [arrowMarkers(), text(LEFT, 24, options.title, { 'font-size': 15, 'font-weight': 'bold' })];
  for (const node of options.nodes) parts.push(box(node, at(node), w, h));
  for (const edge of options.edges) {
    parts.push(arrow(at(byId.get(edge.from)!), at(byId.get(edge.to)!), w, h, edge));
  }
  return svgDocument(frame, parts);
}

function arrowMarkers(): string {
  const markers = (Object.keys(COLOURS) as Tone[]).map((tone) =>
    element(
      'marker',
      {
        id: `arrow-${tone}`,
        viewBox: '0 0 10 10',
        refX: 10,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto',
      },
      element('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: COLOURS[tone] }),
    ),
  );
  return element('defs', {}, markers.join(''));
}

function box(node: BoxNode, p: { x: number; y: number }, w: number, h: number): string {
  const tone = node.tone ?? 'neutral';
  const parts = [
    element('rect', {
      x: p.x,
      y: p.y,
      width: w,
      height: h,
      rx: 6,
      fill: tone === 'neutral' ? '#f7f7f7' : tone === 'ok' ? '#eef8ee' : '#fbeeee',
      stroke: COLOURS[tone],
      ...(tone === 'denied' ? { 'stroke-dasharray': '5 3' } : {}),
    }),
    text(p.x + 8, p.y + 18, node.title, { 'font-size': 13, 'font-weight': 'bold' }),
  ];
  (node.lines ?? []).forEach((line, i) => {
    parts.push(text(p.x + 8, p.y + 36 + i * 15, line, { 'font-size': 11, fill: '#333333' }));
  });
  return element('g', { 'data-id': node.id }, parts.join(''));
}

/** From the side of one box facing the other to the facing side of the other, the label at the middle. */
function arrow(
  a: { x: number; y: number },
  b: { x: number; y: number },
  w: number,
  h: number,
  edge: BoxEdge,
): string {
  const tone = edge.tone ?? 'neutral';
  const sideways = a.x !== b.x;
  const right = b.x > a.x;
  const down = b.y > a.y;
  const x1 = sideways ? a.x + (right ? w : 0) : a.x + w / 2;
  const y1 = sideways ? a.y + h / 2 : a.y + (down ? h : 0);
  const x2 = sideways ? b.x + (right ? 0 : w) : b.x + w / 2;
  const y2 = sideways ? b.y + h / 2 : b.y + (down ? 0 : h);
  const parts = [
    element('line', {
      x1,
      y1,
      x2,
      y2,
      stroke: COLOURS[tone],
      'stroke-width': 2,
      'marker-end': `url(#arrow-${tone})`,
      ...(tone === 'denied' ? { 'stroke-dasharray': '6 4' } : {}),
    }),
  ];
  if (edge.label) {
    // Above a sideways arrow; beside an upright one, so the line does not strike the text through.
    const at = edge.labelAt ?? 0.5;
    const lx = x1 + (x2 - x1) * at;
    const ly = y1 + (y2 - y1) * at;
    parts.push(
      text(sideways ? lx : lx + 6, sideways ? ly - 6 : ly + 4, edge.label, {
        'font-size': 11,
        'text-anchor': sideways ? 'middle' : 'start',
        fill: COLOURS[tone],
      }),
    );
  }
  return element('g', { 'data-edge': `${edge.from}->${edge.to}`, 'data-tone': tone }, parts.join(''));
}
