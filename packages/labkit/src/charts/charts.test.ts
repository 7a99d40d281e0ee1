import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { boxDiagram, countInPlace, escapeXml, kendallTau, lineChart, scatterChart, ticks } from './index';

const parse = (svg: string) =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name, _path, _leaf, attribute) => !attribute && name !== 'svg',
  }).parse(svg).svg;

describe('order statistics', () => {
  it('Kendall tau is 1 for kept order, -1 for reversed, and matches a hand count', () => {
    expect(kendallTau([1, 2, 3, 4])).toBe(1);
    expect(kendallTau([4, 3, 2, 1])).toBe(-1);
    // pairs of [2, 1, 3]: (2,1) discordant, (2,3) and (1,3) concordant -> (2 - 1) / 3
    expect(kendallTau([2, 1, 3])).toBeCloseTo(1 / 3, 12);
  });

  it('the blog receive order gives its 2 in place and a tau near 0.4', () => {
    const blog = [
      3, 4, 13, 1, 15, 6, 20, 21, 7, 10, 22, 30, 14, 8, 9, 2, 5, 28, 11, 12, 23, 29, 16, 18, 26, 24, 25, 17,
      19, 27,
    ];
    expect(countInPlace(blog)).toBe(2);
    expect(kendallTau(blog)).toBeCloseTo(0.41, 2);
  });

  it('refuses a single value', () => {
    expect(() => kendallTau([1])).toThrow(/at least two/);
  });
});

describe('SVG charts', () => {
  it('ticks are round steps covering the range', () => {
    expect(ticks(0, 30)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(ticks(1, 1)).toEqual([1]);
    expect(() => ticks(3, 1)).toThrow(/min <= max/);
  });

  it('a scatter plot is well-formed SVG with one circle per point and the in-place count', () => {
    const svg = scatterChart({
      title: 'send <> receive & order',
      xLabel: 'receive',
      yLabel: 'send',
      points: [
        { x: 1, y: 3 },
        { x: 2, y: 2 },
        { x: 3, y: 1 },
      ],
      diagonal: true,
    });
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = parse(svg);
    expect(doc.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(doc.circle).toHaveLength(3);
    expect(doc.circle.filter((c: { fill: string }) => c.fill === '#d62728')).toHaveLength(1);
    expect(svg).toContain('send &lt;&gt; receive &amp; order');
    expect(svg).toContain('y = x: 1 / 3');
  });

  it('the same input gives the same text (stored notebook outputs depend on it)', () => {
    const points = [
      { x: 0, y: 1 },
      { x: 1, y: 0.33333 },
    ];
    const a = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points }] });
    expect(lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points }] })).toBe(a);
    expect(a).not.toMatch(/\d\.\d{2,}/);
  });

  it('a line chart has one polyline per series with every point, and a legend', () => {
    const svg = lineChart({
      title: 'ApproximateNumberOfMessages',
      xLabel: 'call',
      yLabel: 'count',
      series: [
        { name: 'send', points: [1, 0, 2, 4].map((y, i) => ({ x: i + 1, y })) },
        { name: 'receive', points: [29, 30].map((y, i) => ({ x: i + 1, y })) },
      ],
    });
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = parse(svg);
    expect(doc.polyline).toHaveLength(2);
    expect(doc.polyline[0].points.split(' ')).toHaveLength(4);
    expect(doc.circle).toHaveLength(6);
    expect(svg).toContain('>receive</text>');
    expect(() => lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [] })).toThrow(
      /at least one point/,
    );
  });

  it('escapes XML special characters', () => {
    expect(escapeXml(`<a href="x">&</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });
});

describe('box diagrams', () => {
  const nodes = [
    { id: 'user', column: 0, row: 0, title: 'user <a&b>', lines: ['arn:aws:iam::123456789012:user/u'] },
    { id: 's3', column: 1, row: 0, title: 'S3', tone: 'ok' as const },
    { id: 'ec2', column: 1, row: 1, title: 'EC2', tone: 'denied' as const },
  ];
  const edges = [
    { from: 'user', to: 's3', label: 's3 ls: allowed', tone: 'ok' as const },
    { from: 'user', to: 'ec2', label: 'UnauthorizedOperation', tone: 'denied' as const },
  ];

  it('draws one box per node and one arrow per edge, coloured and dashed by tone', () => {
    const svg = boxDiagram({ title: 'who may call what', nodes, edges });
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = parse(svg);
    expect(doc.g.filter((g: Record<string, string>) => g['data-id'])).toHaveLength(3);
    const arrows = doc.g.filter((g: Record<string, string>) => g['data-edge']);
    expect(arrows.map((g: Record<string, string>) => g['data-tone'])).toEqual(['ok', 'denied']);
    expect(arrows[1].line[0]['stroke-dasharray']).toBe('6 4');
    expect(arrows[0].line[0]['stroke-dasharray']).toBeUndefined();
    expect(svg).toContain('user &lt;a&amp;b&gt;');
    expect(svg).toContain('UnauthorizedOperation');
  });

  it('sizes the picture to the grid and gives the same text for the same input', () => {
    const doc = parse(
      boxDiagram({ title: 't', nodes, edges, boxWidth: 100, boxHeight: 50, gapX: 50, gapY: 10 }),
    );
    expect(Number(doc.width)).toBe(20 * 2 + 2 * 100 + 50);
    expect(Number(doc.height)).toBe(44 + 2 * 50 + 10 + 20);
    expect(boxDiagram({ title: 't', nodes, edges })).toBe(boxDiagram({ title: 't', nodes, edges }));
  });

  it('refuses an arrow to a box that is not there', () => {
    expect(() => boxDiagram({ title: 't', nodes, edges: [{ from: 'user', to: 'iam' }] })).toThrow(
      /no box iam/,
    );
  });
});
