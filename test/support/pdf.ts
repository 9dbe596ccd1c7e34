/**
 * Looks inside PDFs with real tools, for unit and e2e tests: Poppler's pdftotext and pdftoppm (Debian
 * poppler-utils), qpdf, and jsQR to read a QR code off the rendered page.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS declaring an ES default export: imported from ESM, the function is its .default.
const jsQR = jsQRModule.default;
const run = promisify(execFile);
const PDF_TOOLS = ['pdftotext', 'pdftoppm', 'pdfinfo', 'qpdf'];

/**
 * The PDF tools that are not installed. Tests skip their PDF checks when some are missing, except in CI
 * (CI=true), where that throws: a CI run must not pass by checking nothing.
 */
export function missingPdfTools(): string[] {
  const missing = PDF_TOOLS.filter(
    (tool) => spawnSync(tool, ['-v'], { stdio: 'ignore' }).error !== undefined,
  );
  if (missing.length > 0 && process.env.CI === 'true')
    throw new Error(
      `${missing.join(', ')} not found: install poppler-utils and qpdf (CI must not skip PDF checks)`,
    );
  return missing;
}

async function withPdfFile<T>(pdf: Uint8Array, use: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    return await use(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as pdftotext reads it (UTF-8), with -layout unless layout is false. */
export async function pdfText(pdf: Uint8Array, { layout = true } = {}): Promise<string> {
  return withPdfFile(pdf, async (file) => {
    const args = [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'];
    const { stdout } = await run('pdftotext', args, { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  });
}

/**
 * pdftotext's text made comparable with what was printed: without the bidi embedding marks it puts
 * around right-to-left text (U+202B … U+202C) and with each run of spaces and line breaks (-layout pads
 * lines to their position on the page) as one space. Letters, their order and the words are untouched.
 */
export function comparableText(text: string): string {
  return text
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface WordBox {
  word: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word pdftotext finds, with its box in points from the top left of the page. */
export async function pdfWords(
  pdf: Uint8Array,
): Promise<{ page: { width: number; height: number }; words: WordBox[] }> {
  const html = await withPdfFile(pdf, async (file) => (await run('pdftotext', ['-bbox', file, '-'])).stdout);
  const page = /<page width="([\d.]+)" height="([\d.]+)">/.exec(html);
  if (!page) throw new Error('pdftotext -bbox found no page');
  const words = [
    ...html.matchAll(
      /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)<\/word>/g,
    ),
  ].map(([, xMin, yMin, xMax, yMax, word]) => ({
    word: word
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"'),
    xMin: Number(xMin),
    yMin: Number(yMin),
    xMax: Number(xMax),
    yMax: Number(yMax),
  }));
  return { page: { width: Number(page[1]), height: Number(page[2]) }, words };
}

/** How many pages the PDF has, as Poppler's pdfinfo counts them. */
export async function pdfPageCount(pdf: Uint8Array): Promise<number> {
  const info = await withPdfFile(pdf, async (file) => (await run('pdfinfo', [file])).stdout);
  const pages = /^Pages:\s+(\d+)$/m.exec(info);
  if (!pages) throw new Error(`pdfinfo printed no page count:\n${info}`);
  return Number(pages[1]);
}

/** qpdf --check: passes only when qpdf finds neither errors (exit 2) nor warnings (exit 3). */
export async function qpdfCheck(pdf: Uint8Array): Promise<{ exitCode: number; output: string }> {
  return withPdfFile(pdf, async (file) => {
    try {
      const { stdout, stderr } = await run('qpdf', ['--check', file]);
      return { exitCode: 0, output: stdout + stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      if (typeof failed.code !== 'number') throw error;
      return { exitCode: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
  });
}

/** One page as a PNG, drawn by pdftoppm at the given resolution. */
export async function pdfPagePng(pdf: Uint8Array, { page = 1, dpi = 150 } = {}): Promise<Buffer> {
  return withPdfFile(pdf, async (file, dir) => {
    const prefix = join(dir, 'page');
    const pageArgs = ['-f', String(page), '-l', String(page)];
    await run('pdftoppm', ['-png', '-r', String(dpi), ...pageArgs, '-singlefile', file, prefix]);
    return readFile(`${prefix}.png`);
  });
}

/** The text of the QR code in a PNG image, or null when jsQR finds none. */
export function decodeQrCode(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  const rgba = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  return jsQR(rgba, image.width, image.height)?.data ?? null;
}
