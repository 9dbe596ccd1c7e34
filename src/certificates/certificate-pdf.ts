import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isRealDate, longDate } from '../common/clock.js';
import Handlebars from 'handlebars';
import type { BitMatrix } from 'qrcode';
import { pdfLibraries } from '../common/pdf-libraries.js';
import { CertificateFonts, type DocumentFonts, type TextRun } from './certificate-fonts.js';

export interface CertificateContent {
  /** A course's certificate, or a program's: each has its own wording file. */
  kind: 'course' | 'program';
  districtName: string;
  holderName: string; // any Unicode: Vietnamese, Chinese, Arabic, accented Latin
  courseTitle: string;
  edition: string; // e.g. 2026-27
  pdHours: number; // e.g. 1.5
  completedOn: string; // YYYY-MM-DD
  completedAt: Date; // used as the PDF's fixed CreationDate, so output is deterministic
  serial: string;
  verifyUrl: string; // PUBLIC_URL/verify/SERIAL, encoded in the QR code
}

const resolvePackageFile = createRequire(import.meta.url);

const TEMPLATE_FILES = {
  course: join('certificates', 'certificate.hbs'),
  program: join('certificates', 'program-certificate.hbs'),
} as const;
/** Chinese, Japanese kana, Greek, Cyrillic, and Latin with Vietnamese, but not most of Latin Extended-A. */
const TEXT_FONT_FILE = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';
/** Arabic, and Noto Sans's Latin, with Polish, Czech, Turkish, Hungarian and Romanian letters. */
const ARABIC_FONT_FILE = '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf';
// pdfkit loads Helvetica's metrics for every document unless told there is no default font (its typings
// do not allow null); every line here names its font.
const NO_DEFAULT_FONT = null as unknown as string;

// US Letter, landscape, in points (72 to the inch).
const PAGE_WIDTH = 792;
const PAGE_HEIGHT = 612;
const OUTER_FRAME = 20; // inset of the outer rule of the border
const INNER_FRAME = 28;
const QR_SIZE = 86.4; // 1.2 inch
const QR_INSET = 50; // from the page edge to the code
const SERIAL_SIZE = 7.5;
const MAIN_TOP = 80;
const MAIN_BOTTOM = PAGE_HEIGHT - QR_INSET - QR_SIZE - 12;
const MAIN_WIDTH = PAGE_WIDTH - 2 * 84;
const FOOTER_WIDTH = PAGE_WIDTH - 2 * (QR_INSET + QR_SIZE + 18);
const FOOTER_BASELINE = PAGE_HEIGHT - QR_INSET - 4;

const NAVY = '#1f3a5f';
const GOLD = '#b08d57';
const INK = '#1c1c1c';
const BODY = '#3d3d3d';
const MUTED = '#666666';

type LineStyle = 'heading' | 'name' | 'emphasis' | 'body' | 'smallPrint';

/** How each kind of template line is set: size in points, colour, and space above it. */
const STYLES: Record<LineStyle, { size: number; color: string; spaceBefore: number }> = {
  heading: { size: 34, color: NAVY, spaceBefore: 12 },
  name: { size: 38, color: INK, spaceBefore: 18 },
  emphasis: { size: 21, color: NAVY, spaceBefore: 10 },
  body: { size: 14, color: BODY, spaceBefore: 7 },
  smallPrint: { size: 8.5, color: MUTED, spaceBefore: 2 },
};
const LINE_HEIGHT = 1.3; // × font size
const ASCENT = 0.95; // × font size, from the top of a line to its baseline
const HEADING_RULE = { gap: 12, width: 96, space: 8 }; // the short gold rule under a heading

// "## " must be tried before "# ".
const MARKERS: Array<[RegExp, LineStyle]> = [
  [/^###(?:\s+|$)/, 'emphasis'],
  [/^##(?:\s+|$)/, 'name'],
  [/^#(?:\s+|$)/, 'heading'],
  [/^>(?:\s+|$)/, 'smallPrint'],
];

/** What the wording template can use; see the comment at the top of certificate.hbs. */
interface TemplateFields {
  districtName: string;
  holderName: string;
  courseTitle: string;
  edition: string;
  pdHours: string;
  hoursUnit: string;
  completedOn: string;
  completedOnLong: string;
  serial: string;
  verifyUrl: string;
}

interface WordingLine {
  style: LineStyle;
  text: string;
}

/** Loads the wording template and fonts once; render() is safe to call concurrently. */
export class CertificateRenderer {
  private readonly wording: Record<CertificateContent['kind'], Handlebars.TemplateDelegate<TemplateFields>>;
  private fontsLoaded?: CertificateFonts;

  constructor(templatesDir: string) {
    this.wording = {
      course: compileWording(join(templatesDir, TEMPLATE_FILES.course)),
      program: compileWording(join(templatesDir, TEMPLATE_FILES.program)),
    };
  }

  /** The fonts, read and parsed at the first certificate rather than at start-up (a few hundred ms). */
  private get fonts(): CertificateFonts {
    this.fontsLoaded ??= new CertificateFonts(
      readFileSync(resolvePackageFile.resolve(TEXT_FONT_FILE)),
      readFileSync(resolvePackageFile.resolve(ARABIC_FONT_FILE)),
    );
    return this.fontsLoaded;
  }

  async render(content: CertificateContent): Promise<Buffer> {
    const { PDFDocument, QRCode } = await pdfLibraries();
    const fields = templateFields(content);
    const lines = parseWording(this.wording[content.kind](fields));
    // Any of the eight mask patterns is valid; fixing one skips scoring all eight (a third of QR time).
    const qrCode = QRCode.create(content.verifyUrl, { errorCorrectionLevel: 'M', maskPattern: 2 });

    const doc = new PDFDocument({
      size: 'LETTER',
      layout: 'landscape',
      margin: 0,
      font: NO_DEFAULT_FONT,
      lang: 'en-US',
      displayTitle: true,
      info: {
        Title: `Certificate of completion: ${fields.holderName}, ${fields.courseTitle} (${fields.edition})`,
        Author: fields.districtName,
        Subject: `${fields.holderName} completed ${fields.courseTitle} (${fields.edition}) on ${fields.completedOn}`,
        Keywords: fields.serial,
        Creator: 'Hearth',
        CreationDate: content.completedAt,
      },
    });
    const pdf = collect(doc);
    const page: Page = { doc, fonts: this.fonts.forDocument(doc) };

    drawBorder(doc);
    drawWording(page, lines);
    const qrLeft = PAGE_WIDTH - QR_INSET - QR_SIZE;
    const qrTop = PAGE_HEIGHT - QR_INSET - QR_SIZE - SERIAL_SIZE * LINE_HEIGHT;
    drawQrCode(doc, qrCode.modules, qrLeft, qrTop);
    drawLine(
      page,
      fields.serial,
      { size: SERIAL_SIZE, color: MUTED },
      qrLeft + QR_SIZE / 2,
      PAGE_HEIGHT - QR_INSET,
      QR_SIZE + 20,
    );
    doc.end();
    return pdf;
  }
}

/**
 * The QR code as vector squares, with a one-module quiet zone (the page around it is blank too): sharp
 * at any printer resolution, and ~4× faster than encoding a PNG with qrcode and decoding it in pdfkit
 * (the PNG route took ~20 of a certificate's ~28 ms).
 */
function drawQrCode(doc: PDFKit.PDFDocument, modules: BitMatrix, left: number, top: number): void {
  const moduleSize = QR_SIZE / (modules.size + 2);
  doc.rect(left, top, QR_SIZE, QR_SIZE).fill('#ffffff');
  // Drawn in modules from the first one: whole numbers, where page units took a third of the content
  // stream (about 40 bytes a square, all to be written and compressed).
  doc.save().transform(moduleSize, 0, 0, moduleSize, left + moduleSize, top + moduleSize);
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      // One rectangle for each run of dark modules in a row.
      const start = column;
      while (column + 1 < modules.size && modules.get(row, column + 1)) column++;
      doc.rect(start, row, column - start + 1, 1);
    }
  }
  doc.fill('#000000').restore();
}

/**
 * One wording file, tried on a sample: an isolated Handlebars, so the web views' helpers and partials do
 * not leak in; strict, so a misspelt field fails when the app starts instead of printing nothing on
 * 10,000 certificates.
 */
function compileWording(templateFile: string): Handlebars.TemplateDelegate<TemplateFields> {
  const wording = Handlebars.create().compile<TemplateFields>(readFileSync(templateFile, 'utf8'), {
    noEscape: true,
    strict: true,
  });
  try {
    parseWording(wording(templateFields(SAMPLE)));
  } catch (error) {
    throw new Error(`${templateFile}: ${(error as Error).message}`, { cause: error });
  }
  return wording;
}

const SAMPLE: CertificateContent = {
  kind: 'course',
  districtName: 'Sample School District',
  holderName: 'Sample Name',
  courseTitle: 'Sample Course',
  edition: '2026-27',
  pdHours: 1.5,
  completedOn: '2026-11-23',
  completedAt: new Date('2026-11-23T12:00:00Z'),
  serial: '0000-0000-0000-00',
  verifyUrl: 'https://example.org/verify/0000-0000-0000-00',
};

function templateFields(content: CertificateContent): TemplateFields {
  if (!Number.isFinite(content.pdHours) || content.pdHours < 0)
    throw new Error(`pdHours must be a number of hours, not ${content.pdHours}`);
  const hours = Math.round(content.pdHours * 100) / 100; // 1.5, never 1.4999999999
  return {
    districtName: oneLine(content.districtName),
    holderName: oneLine(content.holderName),
    courseTitle: oneLine(content.courseTitle),
    edition: oneLine(content.edition),
    pdHours: String(hours),
    hoursUnit: hours === 1 ? 'hour' : 'hours',
    completedOn: content.completedOn,
    completedOnLong: completedOnText(content.completedOn),
    serial: oneLine(content.serial),
    verifyUrl: oneLine(content.verifyUrl),
  };
}

/** A value as one line: a line break in a name must not start a new (and perhaps differently styled) line. */
function oneLine(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
}

/** The completion day in words, refusing anything that is not a real YYYY-MM-DD day. */
function completedOnText(isoDate: string): string {
  if (!isRealDate(isoDate))
    throw new Error(`completedOn must be a date written YYYY-MM-DD, not "${isoDate}"`);
  return longDate(isoDate);
}

/** Splits the rendered template into styled lines; see the comment at the top of certificate.hbs. */
function parseWording(rendered: string): WordingLine[] {
  const lines: WordingLine[] = [];
  for (const raw of rendered.split(/\r?\n/)) {
    let text = raw.trim();
    let style: LineStyle = 'body';
    if (text.startsWith('\\')) {
      text = text.slice(1).trim();
    } else {
      for (const [marker, markerStyle] of MARKERS) {
        if (!marker.test(text)) continue;
        text = text.replace(marker, '');
        style = markerStyle;
        break;
      }
    }
    if (text) lines.push({ style, text });
  }
  return lines;
}

function drawBorder(doc: PDFKit.PDFDocument): void {
  doc
    .lineWidth(3)
    .strokeColor(NAVY)
    .rect(OUTER_FRAME, OUTER_FRAME, PAGE_WIDTH - 2 * OUTER_FRAME, PAGE_HEIGHT - 2 * OUTER_FRAME)
    .stroke();
  doc
    .lineWidth(0.75)
    .strokeColor(GOLD)
    .rect(INNER_FRAME, INNER_FRAME, PAGE_WIDTH - 2 * INNER_FRAME, PAGE_HEIGHT - 2 * INNER_FRAME)
    .stroke();
  // A small gold diamond at each inner corner.
  for (const [x, y] of [
    [INNER_FRAME, INNER_FRAME],
    [PAGE_WIDTH - INNER_FRAME, INNER_FRAME],
    [INNER_FRAME, PAGE_HEIGHT - INNER_FRAME],
    [PAGE_WIDTH - INNER_FRAME, PAGE_HEIGHT - INNER_FRAME],
  ]) {
    doc
      .polygon([x, y - 5], [x + 5, y], [x, y + 5], [x - 5, y])
      .fillColor(GOLD)
      .fill();
  }
}

/** The main lines centred in the space above the code, the small print at the foot between the corners. */
function drawWording(page: Page, lines: WordingLine[]): void {
  const main = lines.filter((line) => line.style !== 'smallPrint');
  const footer = lines.filter((line) => line.style === 'smallPrint');

  const natural = main.reduce((height, line, index) => height + lineAdvance(line, index), 0);
  // Too many lines for the space: set them all smaller rather than run over the code.
  const scale = Math.min(1, (MAIN_BOTTOM - MAIN_TOP) / natural);
  let top = MAIN_TOP + (MAIN_BOTTOM - MAIN_TOP - natural * scale) / 2;
  main.forEach((line, index) => {
    const style = STYLES[line.style];
    const size = style.size * scale;
    const baseline = top + ((index === 0 ? 0 : style.spaceBefore) + style.size * ASCENT) * scale;
    drawLine(page, line.text, { size, color: style.color }, PAGE_WIDTH / 2, baseline, MAIN_WIDTH);
    if (line.style === 'heading') {
      const ruleY = baseline + HEADING_RULE.gap * scale;
      const half = (HEADING_RULE.width / 2) * scale;
      page.doc
        .lineWidth(1)
        .strokeColor(GOLD)
        .moveTo(PAGE_WIDTH / 2 - half, ruleY)
        .lineTo(PAGE_WIDTH / 2 + half, ruleY)
        .stroke();
    }
    top += lineAdvance(line, index) * scale;
  });

  const step = STYLES.smallPrint.size * LINE_HEIGHT + STYLES.smallPrint.spaceBefore;
  footer.forEach((line, index) => {
    const baseline = FOOTER_BASELINE - (footer.length - 1 - index) * step;
    drawLine(
      page,
      line.text,
      { size: STYLES.smallPrint.size, color: STYLES.smallPrint.color },
      PAGE_WIDTH / 2,
      baseline,
      FOOTER_WIDTH,
    );
  });
}

/** The height a main line takes, including the space above it (none for the first line). */
function lineAdvance(line: WordingLine, index: number): number {
  const style = STYLES[line.style];
  const rule = line.style === 'heading' ? HEADING_RULE.gap + HEADING_RULE.space : 0;
  return (index === 0 ? 0 : style.spaceBefore) + style.size * LINE_HEIGHT + rule;
}

/** A document being drawn, with the fonts it can use. */
interface Page {
  doc: PDFKit.PDFDocument;
  fonts: DocumentFonts;
}

/**
 * One line of text centred on centerX with its baseline at baselineY, set smaller if it is wider than
 * maxWidth (a long name shrinks, it never wraps or runs off the page). The runs of a line follow each other
 * left to right (the certificate's language is left-to-right); within an Arabic run fontkit shapes the
 * letters and returns the glyphs right to left.
 */
function drawLine(
  { doc, fonts }: Page,
  text: string,
  style: { size: number; color: string },
  centerX: number,
  baselineY: number,
  maxWidth: number,
): void {
  const runs = fonts.runs(text);
  const widths = runs.map((run) => {
    doc.font(run.font, style.size);
    return doc.widthOfString(run.text, runOptions(run));
  });
  const natural = widths.reduce((sum, width) => sum + width, 0);
  const fit = natural > maxWidth ? maxWidth / natural : 1;
  let x = centerX - (natural * fit) / 2;
  doc.fillColor(style.color);
  runs.forEach((run, index) => {
    doc.font(run.font, style.size * fit);
    doc.text(run.text, x, baselineY, { ...runOptions(run), lineBreak: false, baseline: 'alphabetic' });
    x += widths[index] * fit;
  });
}

/**
 * pdfkit lays text out word by word (to cache the words) and puts the words back left to right, which
 * reverses the words of a right-to-left run; asking for OpenType features, even none beyond the
 * defaults, makes it lay out the run whole.
 */
function runOptions(run: TextRun): PDFKit.Mixins.TextOptions {
  return run.rightToLeft ? { features: [] } : {};
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
