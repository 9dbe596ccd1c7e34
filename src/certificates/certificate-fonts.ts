import { createRequire } from 'node:module';
import { COPY_BASE, type PdfFontSubset, TrueTypeTables } from './font-subset.js';

/** Fonts for certificates: which font sets which text, and one parse of each font shared by all PDFs. */
// Arabic-script text (Arabic, Persian, Urdu letters, marks and digits), with the spaces and joiners
// between them, so a run of several Arabic words is shaped and ordered as one right-to-left run.
const ARABIC_RUN =
  /[\p{Script_Extensions=Arabic}\u200c\u200d]+(?:\s+[\p{Script_Extensions=Arabic}\u200c\u200d]+)*/gu;

const resolvePackageFile = createRequire(import.meta.url);

const TEXT_FONT = 'text';
const ARABIC_FONT = 'arabic';
type FontName = typeof TEXT_FONT | typeof ARABIC_FONT;

export interface TextRun {
  text: string;
  font: FontName;
  rightToLeft: boolean;
}

export interface DocumentFonts {
  /** The text split into runs, each set in one font. */
  runs(text: string): TextRun[];
}

/**
 * Noto Sans SC for all text, except Arabic-script text, set in Noto Sans Arabic, and lines with Latin
 * letters Noto Sans SC lacks (ą ł ś ž ř ş ı ő ș …, common in Polish, Czech, Turkish and Hungarian names),
 * set in Noto Sans Arabic's Latin (Noto Sans), the whole line, so a name is not set in two designs.
 */
export class CertificateFonts {
  private readonly text: SharedFont;
  private readonly arabic: SharedFont;

  constructor(textFontFile: Buffer, arabicFontFile: Buffer) {
    this.text = new SharedFont(textFontFile);
    this.arabic = new SharedFont(arabicFontFile);
  }

  /** Registers the fonts with a new document. */
  forDocument(doc: PDFKit.PDFDocument): DocumentFonts {
    // pdfkit takes parsed fontkit fonts (0.20 and later); its typings only know file names and bytes.
    doc.registerFont(TEXT_FONT, this.text.forDocument() as unknown as PDFKit.Mixins.PDFFontSource);
    doc.registerFont(ARABIC_FONT, this.arabic.forDocument() as unknown as PDFKit.Mixins.PDFFontSource);
    return { runs: (text) => this.runs(text) };
  }

  private runs(text: string): TextRun[] {
    const segments: Array<{ text: string; arabic: boolean }> = [];
    let end = 0;
    for (const match of text.matchAll(ARABIC_RUN)) {
      if (match.index > end) segments.push({ text: text.slice(end, match.index), arabic: false });
      segments.push({ text: match[0], arabic: true });
      end = match.index + match[0].length;
    }
    if (end < text.length) segments.push({ text: text.slice(end), arabic: false });

    // One Latin design for the whole line where possible.
    const leftToRight = segments.filter((segment) => !segment.arabic).map((segment) => segment.text);
    const lineFont = this.text.covers(leftToRight.join(''))
      ? TEXT_FONT
      : this.arabic.covers(leftToRight.join(''))
        ? ARABIC_FONT
        : undefined;
    return segments.flatMap((segment): TextRun[] => {
      if (segment.arabic) return [{ text: segment.text, font: ARABIC_FONT, rightToLeft: true }];
      if (lineFont) return [{ text: segment.text, font: lineFont, rightToLeft: false }];
      return this.eachCharacterInAFontThatHasIt(segment.text);
    });
  }

  /** Each character in the first font that has it (a mark stays with its letter); one neither has shows as a box. */
  private eachCharacterInAFontThatHasIt(text: string): TextRun[] {
    const runs: TextRun[] = [];
    for (const char of text) {
      const last = runs.at(-1);
      const font = this.text.covers(char) || !this.arabic.covers(char) ? TEXT_FONT : ARABIC_FONT;
      if (last && (last.font === font || /^\p{M}$/u.test(char))) last.text += char;
      else runs.push({ text: char, font, rightToLeft: false });
    }
    return runs;
  }
}

/** The parts of fontkit (pdfkit's font engine, which ships no typings) used here. */
interface FontkitGlyph {
  readonly id: number;
  readonly codePoints: number[];
  readonly advanceWidth: number;
}
interface FontkitPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}
interface FontkitRun {
  glyphs: FontkitGlyph[];
  positions: FontkitPosition[];
}
interface FontkitFont {
  layout(text: string, features?: unknown): FontkitRun;
  getGlyph(id: number, codePoints?: number[]): FontkitGlyph;
  hasGlyphForCodePoint(codePoint: number): boolean;
  createSubset(): PdfFontSubset;
}
interface Fontkit {
  create(data: Buffer): FontkitFont;
}

// pdfkit depends on fontkit; this is the same package, loaded (at the first certificate, like pdfkit) to
// parse each font once for all certificates.
let fontkitModule: Fontkit | undefined;
const fontkit = () => (fontkitModule ??= resolvePackageFile('fontkit') as Fontkit);

/** How many shaped texts each font keeps, and how many texts seen once it remembers. */
const LAYOUT_CACHE_SIZE = 4000;

/**
 * A font parsed once and shared by all certificates (parsing and shaping set-up cost ~12 ms a
 * certificate for the Chinese font), and a view of it for each document that keeps its text layer right.
 *
 * pdfkit writes one ToUnicode entry per glyph, which is what copy and paste, search, screen readers and
 * pdftotext read. Two things make that entry wrong:
 * - fontkit caches one glyph object per glyph id, holding the characters of the first text the glyph was
 *   seen in, ever; with a shared font, a certificate's text layer would depend on earlier certificates.
 * - Noto Sans Arabic draws ر and ز (and ب ت ث ن ي, ح ج خ, …) from one skeleton glyph plus dots, so one
 *   glyph id stands for different letters; الزهراء would read as الزهزاء.
 * So the shared font reports, for each use of a glyph, the characters shaping says it stands for, and each
 * document gives a glyph that stands for different text a copy of its own in the embedded subset.
 */
class SharedFont {
  private readonly font: FontkitFont;
  private readonly layouts = new ShapedTexts();
  private readonly tables: TrueTypeTables;
  private readonly coverage = new Map<number, boolean>();

  constructor(file: Buffer) {
    this.tables = new TrueTypeTables(file);
    const font = fontkit().create(file);
    const cachedGlyph = font.getGlyph.bind(font);
    font.getGlyph = (id, codePoints = []) => {
      const glyph = cachedGlyph(id, codePoints);
      if (sameCodePoints(glyph.codePoints, codePoints)) return glyph;
      return Object.create(glyph, { codePoints: { value: codePoints } }) as FontkitGlyph;
    };
    this.font = font;
  }

  /** Whether the font has a glyph for every character of the text. */
  covers(text: string): boolean {
    for (const char of text) {
      const codePoint = char.codePointAt(0)!;
      // fontkit's cmap lookup, once per character: every line of every certificate asks.
      let has = this.coverage.get(codePoint);
      if (has === undefined) this.coverage.set(codePoint, (has = this.font.hasGlyphForCodePoint(codePoint)));
      if (!has) return false;
    }
    return true;
  }

  /** The shaped text, as a fresh run: pdfkit scales the positions it is given in place. */
  private layout(text: string, features: unknown): FontkitRun {
    const key = features === undefined ? `|${text}` : `${JSON.stringify(features)}|${text}`;
    return this.layouts.get(key) ?? this.layouts.add(key, this.font.layout(text, features));
  }

  /** The font as pdfkit should see it in one document. */
  forDocument(): FontkitFont {
    const font = this.font;
    const textsByGlyph = new Map<number, string[]>();
    const glyphFor = (glyph: FontkitGlyph): FontkitGlyph => {
      const text = String.fromCodePoint(...glyph.codePoints);
      const texts = textsByGlyph.get(glyph.id) ?? [];
      let copy = texts.indexOf(text);
      if (copy < 0) copy = texts.push(text) - 1;
      textsByGlyph.set(glyph.id, texts);
      if (copy === 0) return glyph;
      return {
        id: glyph.id + copy * COPY_BASE,
        codePoints: glyph.codePoints,
        advanceWidth: glyph.advanceWidth,
      };
    };
    return Object.create(font, {
      layout: {
        value: (text: string, features?: unknown): FontkitRun => {
          const run = this.layout(text, features);
          run.glyphs = run.glyphs.map(glyphFor);
          return run;
        },
      },
      // Our subsetter: the same font program as fontkit's, from outlines read once (see font-subset.ts).
      createSubset: { value: (): PdfFontSubset => this.tables.createSubset() },
    }) as FontkitFont;
  }
}

/**
 * Shaping is a pure function of the text and features, and most of a certificate's words are the same on
 * every certificate: those are shaped once for all documents (shaping was a third of a certificate's time).
 * A text is kept from the second time it is seen, so the serials and numbers that appear once do not
 * churn the cache; it is kept as flat numbers, not an object per glyph, so it adds little to collect.
 */
class ShapedTexts {
  private readonly runs = new Map<string, { glyphs: FontkitGlyph[]; positions: number[] }>();
  private readonly seenOnce = new Set<string>();

  get(key: string): FontkitRun | undefined {
    const run = this.runs.get(key);
    if (!run) return undefined;
    this.runs.delete(key); // re-added as the most recently used
    this.runs.set(key, run);
    const flat = run.positions;
    const positions: FontkitPosition[] = [];
    for (let i = 0; i < flat.length; i += 4)
      positions.push({
        xAdvance: flat[i],
        yAdvance: flat[i + 1],
        xOffset: flat[i + 2],
        yOffset: flat[i + 3],
      });
    return new ShapedRun(run.glyphs, positions);
  }

  /** Keeps the run if the text was seen before; returns it as pdfkit expects. */
  add(key: string, run: FontkitRun): FontkitRun {
    if (this.seenOnce.delete(key)) {
      if (this.runs.size >= LAYOUT_CACHE_SIZE) this.runs.delete(this.runs.keys().next().value!);
      const positions = run.positions.flatMap((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset]);
      this.runs.set(key, { glyphs: run.glyphs, positions });
    } else {
      if (this.seenOnce.size >= LAYOUT_CACHE_SIZE) this.seenOnce.clear();
      this.seenOnce.add(key);
    }
    return new ShapedRun(run.glyphs, run.positions);
  }
}

/** What pdfkit reads of a fontkit GlyphRun. */
class ShapedRun implements FontkitRun {
  constructor(
    public glyphs: FontkitGlyph[],
    public positions: FontkitPosition[],
  ) {}

  get advanceWidth(): number {
    return this.positions.reduce((width, position) => width + position.xAdvance, 0);
  }
}

function sameCodePoints(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((codePoint, index) => codePoint === b[index]);
}
