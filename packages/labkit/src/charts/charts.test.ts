import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { countInPlace, escapeXml, kendallTau, lineChart, scatterChart, ticks } from './index';

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
