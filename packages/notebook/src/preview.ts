import { Marked } from 'marked';

/**
 * The post as a page, to look at before publishing: Markdown rendered with marked (GFM tables), code blocks
 * scroll sideways instead of widening the page, as on the blog, and images keep within the column.
 */
const STYLE = `
body { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; font-family: sans-serif; line-height: 1.7; }
pre { overflow-x: auto; background: #f6f8fa; padding: 0.75rem; }
code { font-family: "Noto Sans Mono CJK JP", monospace; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; }
img, svg { max-width: 100%; height: auto; }
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export function previewHtml(markdown: string, title: string): string {
  const body = new Marked({ gfm: true }).parse(markdown, { async: false });
  return [
    '<!doctype html>',
    '<html lang="ja"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`,
    `<body><article>\n<h1>${escapeHtml(title)}</h1>\n${body}</article></body></html>`,
    '',
  ].join('\n');
}
