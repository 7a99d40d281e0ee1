import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAll, notebookSlugs, outsideFences } from './posts';

/*
 * Every post's preview page (`notebooks:export --all -o DIR --preview`) opened in a real browser, Debian's
 * chromium driven by playwright-core, one browser for all posts. A screenshot of each goes to .screenshots/
 * (git-ignored) for people to look at.
 */
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const SCREENSHOTS = join(__dirname, '.screenshots');
const slugs = notebookSlugs();

let exported: ReturnType<typeof exportAll>;
let context: BrowserContext;
let profile: string;

/** Markdown tables in the post: a header row followed by its `| --- |` rule, outside code blocks. */
function markdownTableCount(markdown: string): number {
  return outsideFences(markdown)
    .split('\n')
    .filter((line) => /^\|(?:\s*:?-+:?\s*\|)+$/.test(line)).length;
}

interface PageFacts {
  images: { src: string; loaded: boolean }[];
  tables: number;
  pipeRows: number;
  viewport: number;
  pageWidth: number;
  widePre: { text: string; right: number; overflowX: string }[];
}

/**
 * Runs in the page. A string, because this workspace compiles for Node without the DOM's types, which a
 * function here would need.
 */
const PAGE_FACTS = `(() => {
  const viewport = document.documentElement.clientWidth;
  return {
    images: [...document.images].map((img) => ({
      src: img.getAttribute('src') ?? '',
      loaded: img.complete && img.naturalWidth > 0,
    })),
    tables: document.querySelectorAll('article table').length,
    // A Markdown table marked did not render stays a paragraph of pipes.
    pipeRows: [...document.querySelectorAll('article p')].filter((p) => /^\\|.*\\|$/m.test(p.textContent ?? '')).length,
    viewport,
    pageWidth: document.documentElement.scrollWidth,
    widePre: [...document.querySelectorAll('pre')]
      .map((pre) => ({
        text: (pre.textContent ?? '').slice(0, 80),
        right: pre.getBoundingClientRect().right,
        overflowX: getComputedStyle(pre).overflowX,
        wide: pre.scrollWidth > pre.clientWidth || pre.getBoundingClientRect().right > viewport + 1,
      }))
      .filter((pre) => pre.wide && !['auto', 'scroll'].includes(pre.overflowX))
      .map(({ text, right, overflowX }) => ({ text, right, overflowX })),
  };
})()`;

describe.skipIf(!available)(
  available
    ? 'post previews in chromium'
    : `post previews: skipped, ${CHROMIUM} is absent (Debian's chromium package)`,
  () => {
    beforeAll(async () => {
      exported = exportAll({ preview: true });
      mkdirSync(SCREENSHOTS, { recursive: true });
      profile = mkdtempSync(join(tmpdir(), 'post-preview-profile-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1024, height: 768 },
      });
    }, 180_000);
    afterAll(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
      exported?.remove();
    });

    it.each(slugs)(
      '%s: images load, tables are tables, code blocks scroll instead of widening the page',
      async (slug) => {
        const post = exported.posts.find((p) => p.slug === slug)!;
        const html = post.written.files.find((f) => f.endsWith('.html'))!;
        const page = await context.newPage();
        try {
          await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
          const facts = (await page.evaluate(PAGE_FACTS)) as PageFacts;
          await page.screenshot({ path: join(SCREENSHOTS, `${slug}.png`), fullPage: true });
          expect(facts.images.filter((img) => !img.loaded).map((img) => img.src)).toEqual([]);
          const images = [...outsideFences(post.markdown).matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map(
            (m) => m[1],
          );
          expect(facts.images.map((img) => basename(img.src))).toEqual(images);
          expect(facts.tables).toBe(markdownTableCount(post.markdown));
          expect(facts.pipeRows).toBe(0);
          expect(facts.widePre).toEqual([]);
          expect(facts.pageWidth, 'the page scrolls sideways').toBeLessThanOrEqual(facts.viewport);
        } finally {
          await page.close();
        }
      },
      60_000,
    );
  },
);
