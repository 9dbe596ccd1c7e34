import { existsSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import MarkdownIt from 'markdown-it';
import type { MarkdownItType } from './markdown-types.js';
import anchor from 'markdown-it-anchor';
import container from 'markdown-it-container';
import type { Token } from 'markdown-it';

/** The callouts trainers may use: `::: reflection` … `:::`. */
export const CALLOUTS: Record<string, string> = {
  reflection: 'Reflection',
  note: 'Note',
  'content-note': 'Content note',
  try: 'Try this',
};

export const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

export interface RenderEnv {
  /** Turns an image path written in the Markdown into the URL it is served at. */
  imageUrl: (src: string) => string;
}

export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'section'
  );
}

/** CommonMark with raw HTML off, safe links only, anchors on headings, and the callouts. */
export function createMarkdown(): MarkdownItType {
  const md = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: true });
  // Tables (a job aid's two columns), each captioned by a `Table: …` paragraph just above it.
  md.enable('table');
  md.core.ruler.push('table_caption', (state) => {
    const tokens = state.tokens;
    for (let i = 3; i < tokens.length; i++) {
      const [open, inline, close] = [tokens[i - 3], tokens[i - 2], tokens[i - 1]];
      if (tokens[i].type !== 'table_open' || open.type !== 'paragraph_open' || close.type !== 'paragraph_close') continue;
      if (!inline.content.startsWith('Table: ')) continue;
      const text = inline.children?.[0];
      if (text?.type === 'text') text.content = text.content.slice('Table: '.length);
      const captionOpen = new state.Token('caption_open', 'caption', 1);
      const captionClose = new state.Token('caption_close', 'caption', -1);
      captionOpen.block = captionClose.block = true;
      // The caption belongs inside the table, first: <table><caption>…</caption><thead>…
      tokens.splice(i - 3, 3);
      tokens.splice(i - 2, 0, captionOpen, inline, captionClose);
      i -= 1;
    }
    return true;
  });
  md.use(anchor, { slugify, level: [2, 3], tabIndex: false });
  // A note (role=note), not a landmark: a module may hold several callouts of a kind, and landmarks
  // must each have a name of their own.
  for (const [name, title] of Object.entries(CALLOUTS)) {
    md.use(container, name, {
      render: (tokens: Token[], index: number) =>
        tokens[index].nesting === 1
          ? `<div class="callout callout-${name}" role="note" aria-label="${title}"><p class="callout-title">${title}</p>\n`
          : '</div>\n',
    });
  }
  const defaultImage = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, index, options, env, self) => {
    const token = tokens[index];
    token.attrSet('src', (env as unknown as RenderEnv).imageUrl(String(token.attrGet('src') ?? '')));
    token.attrSet('loading', 'lazy');
    return defaultImage ? defaultImage(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
  };
  const defaultLink = md.renderer.rules.link_open;
  md.renderer.rules.link_open = (tokens, index, options, env, self) => {
    const href = tokens[index].attrGet('href') ?? '';
    if (/^https?:\/\//i.test(String(href))) tokens[index].attrSet('rel', 'noopener noreferrer');
    return defaultLink ? defaultLink(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
  };
  return md;
}

export interface ImageRef {
  src: string;
  /** 1-based line within the Markdown body. */
  line: number;
}

/** Every image the Markdown references, with its line. */
export function findImages(md: MarkdownItType, body: string): ImageRef[] {
  return findAttributes(md, body, 'image', 'src');
}

/** Every link address the Markdown writes, with its line (to refuse placeholders in them). */
export function findLinks(md: MarkdownItType, body: string): ImageRef[] {
  return findAttributes(md, body, 'link_open', 'href');
}

/** The attribute `name` of every token of `type`, inline ones included, with its line. */
function findAttributes(md: MarkdownItType, body: string, type: string, name: string): ImageRef[] {
  const refs: ImageRef[] = [];
  const walk = (tokens: Token[], line: number) => {
    for (const token of tokens) {
      const at = token.map ? token.map[0] + 1 : line;
      if (token.type === type) refs.push({ src: String(token.attrGet(name) ?? ''), line: at });
      if (token.children) walk(token.children, at);
    }
  };
  walk(md.parse(body, {}), 1);
  return refs;
}

/**
 * Where an image path written in a file under `fromDir` points, relative to the course folder (forward
 * slashes), or why it cannot be used (not a relative path, not a valid one, or outside the folder). Only
 * the path is looked at, not the disk.
 */
export function imageTarget(courseDir: string, fromDir: string, src: string): { target: string } | { problem: string } {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('/') || src.startsWith('//')) {
    return { problem: `image "${src}" must be a relative path to a file inside the course folder` };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(src.split(/[?#]/)[0]);
  } catch {
    return { problem: `image "${src}" is not a valid path` };
  }
  const target = relative(courseDir, resolve(fromDir, decoded));
  if (target === '..' || target.startsWith(`..${sep}`) || isAbsolute(target)) {
    return { problem: `image "${src}" points outside the course folder` };
  }
  return { target: target.split(sep).join('/') };
}

/**
 * Resolves an image path written in a file under `fromDir` to a path relative to the course folder, or
 * explains why it cannot be used (outside the folder, missing, not an image, or not a relative path).
 */
export function resolveImage(courseDir: string, fromDir: string, src: string): { path: string } | { problem: string } {
  const found = imageTarget(courseDir, fromDir, src);
  if ('problem' in found) return found;
  const root = realpathSync(courseDir);
  const target = resolve(courseDir, found.target);
  const inside = (path: string) => path === root || path.startsWith(root + sep);
  if (!existsSync(target) || !statSync(target).isFile()) return { problem: `image "${src}" does not exist` };
  if (!inside(realpathSync(target))) return { problem: `image "${src}" points outside the course folder` };
  if (!IMAGE_TYPES[extname(target).toLowerCase()]) {
    return { problem: `image "${src}" must be one of ${Object.keys(IMAGE_TYPES).join(', ')}` };
  }
  return { path: relative(root, realpathSync(target)).split(sep).join('/') };
}

/**
 * How many words `body` prints (headings, lists and table cells included; markup and link addresses
 * not), and the 1-based line of the block where the count first passes `limit`. `fill` turns
 * placeholders into the words they print as.
 */
export function countWords(md: MarkdownItType, body: string, limit: number, fill: (text: string) => string): { words: number; lineOver?: number } {
  let words = 0;
  let line = 1;
  let lineOver: number | undefined;
  for (const token of md.parse(body, {})) {
    if (token.map) line = token.map[0] + 1;
    if (token.type !== 'inline') continue;
    const text = (token.children ?? [])
      .filter((child) => child.type === 'text' || child.type === 'code_inline')
      .map((child) => child.content)
      .join(' ');
    words += fill(text)
      .split(/\s+/)
      .filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
    if (lineOver === undefined && words > limit) lineOver = line;
  }
  return { words, lineOver };
}
