import { Resvg } from '@resvg/resvg-js';

/** A chart written beside the post: the SVG as the notebook showed it and a PNG for Hatena Fotolife. */
export interface PostImage {
  file: string;
  data: Buffer;
}

/** System fonts for the charts' Japanese labels; resvg finds none unless told to load them. */
const FONT_OPTIONS = { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK JP' };

export function svgToPng(svg: string): Buffer {
  const rendered = new Resvg(svg, { font: FONT_OPTIONS, fitTo: { mode: 'zoom', value: 2 } }).render();
  return Buffer.from(rendered.asPng());
}

/** `NN-slug-figN.svg` and `.png`; `svgOnly` skips the PNG (GFM posts show the SVG). */
export function chartFiles(base: string, index: number, svg: string, svgOnly = false): PostImage[] {
  const name = `${base}-fig${index}`;
  const files: PostImage[] = [{ file: `${name}.svg`, data: Buffer.from(svg, 'utf8') }];
  if (!svgOnly) files.push({ file: `${name}.png`, data: svgToPng(svg) });
  return files;
}
