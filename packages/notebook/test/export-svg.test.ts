import { describe, expect, it } from 'vitest';
import { exportMarkdown } from '../src/export-markdown';
import { code, notebookOf } from './fixtures';

// A picture drawn with tslab's display.svg between two printed lines, as Lab 04's charts are.
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">\n\n<circle cx="5" cy="5" r="4" fill="#1f77b4"/>\n<text x="1" y="9">arn:aws:iam::210987654321:root</text>\n</svg>\n';

function notebookWithPicture() {
  const nb = notebookOf([code('draw();')]);
  nb.cells[0]!.outputs = [
    { output_type: 'stream', name: 'stdout', text: 'before\n' },
    { output_type: 'display_data', data: { 'image/svg+xml': SVG.split(/(?<=\n)/) }, metadata: {} },
    { output_type: 'stream', name: 'stdout', text: 'after\n' },
  ];
  return nb;
}

describe('exportMarkdown with SVG pictures', () => {
  it('hatena: the SVG markup in place, between the text before and after it, without blank lines', () => {
    const { markdown } = exportMarkdown(notebookWithPicture());
    const picture = markdown.indexOf('<figure>\n<svg xmlns="http://www.w3.org/2000/svg"');
    expect(picture).toBeGreaterThan(markdown.indexOf('```\nbefore\n```'));
    expect(markdown.indexOf('```\nafter\n```')).toBeGreaterThan(picture);
    expect(markdown).toContain('<circle cx="5" cy="5" r="4" fill="#1f77b4"/>\n<text');
    expect(markdown).toContain('</svg>\n</figure>');
    expect(markdown).not.toContain('output not included');
    const figure = markdown.slice(picture, markdown.indexOf('</figure>'));
    expect(figure).not.toMatch(/\n\s*\n/);
  });

  it('gfm: a Markdown image whose data URI decodes to the SVG', () => {
    const { markdown } = exportMarkdown(notebookWithPicture(), { flavor: 'gfm' });
    const match = /!\[figure 1\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(markdown);
    expect(match).not.toBeNull();
    const svg = Buffer.from(match![1]!, 'base64').toString('utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<circle cx="5" cy="5" r="4" fill="#1f77b4"/>');
  });

  it('redacts what a picture shows, like any output', () => {
    const hatena = exportMarkdown(notebookWithPicture()).markdown;
    expect(hatena).not.toContain('210987654321');
    expect(hatena).toContain('arn:aws:iam::XXXXXXXXXXXX:root');
    const gfm = exportMarkdown(notebookWithPicture(), { flavor: 'gfm' }).markdown;
    const svg = Buffer.from(/base64,([A-Za-z0-9+/=]+)\)/.exec(gfm)![1]!, 'base64').toString('utf8');
    expect(svg).not.toContain('210987654321');
  });

  it('other pictures still say they are left out', () => {
    const nb = notebookOf([code('png();')]);
    nb.cells[0]!.outputs = [
      { output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo=' }, metadata: {} },
    ];
    expect(exportMarkdown(nb).markdown).toContain('(image/png output not included)');
  });
});
