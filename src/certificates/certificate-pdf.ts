import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isRealDate, longDate } from '../common/clock.js';
import Handlebars from 'handlebars';
import { pdfLibraries } from '../common/pdf-libraries.js';
import type { Branding } from '../config/branding.js';
import { CertificateFonts } from './certificate-fonts.js';
import {
  ASCENT,
  BODY,
  drawBorder,
  drawLine,
  drawLogo,
  drawQrCode,
  drawSigner,
  FOOTER_BASELINE,
  FOOTER_WIDTH,
  GOLD,
  INK,
  LINE_HEIGHT,
  MAIN_BOTTOM,
  MAIN_TOP,
  MAIN_WIDTH,
  MUTED,
  NAVY,
  type Page,
  PAGE_HEIGHT,
  PAGE_WIDTH,
  QR_INSET,
  QR_SIZE,
  SERIAL_SIZE,
} from './certificate-drawing.js';

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

type LineStyle = 'heading' | 'name' | 'emphasis' | 'body' | 'smallPrint';

/** How each kind of template line is set: size in points, colour, and space above it. */
const STYLES: Record<LineStyle, { size: number; color: string; spaceBefore: number }> = {
  heading: { size: 34, color: NAVY, spaceBefore: 12 },
  name: { size: 38, color: INK, spaceBefore: 18 },
  emphasis: { size: 21, color: NAVY, spaceBefore: 10 },
  body: { size: 14, color: BODY, spaceBefore: 7 },
  smallPrint: { size: 8.5, color: MUTED, spaceBefore: 2 },
};
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

  /** The district's logo and signer (AppConfig's branding); without them, the district's name alone. */
  constructor(
    templatesDir: string,
    private readonly branding: Pick<Branding, 'logo' | 'signer'> = {},
  ) {
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
    const footer = lines.filter((line) => line.style === 'smallPrint');
    const { logo, signer } = this.branding;
    drawWording(page, lines, {
      top: logo ? drawLogo(doc, logo) : MAIN_TOP,
      bottom: signer ? drawSigner(page, signer, footerTop(footer.length)) : MAIN_BOTTOM,
    });
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

const FOOTER_STEP = STYLES.smallPrint.size * LINE_HEIGHT + STYLES.smallPrint.spaceBefore;

/** The top of the small print's first line, for what is set just above it. */
function footerTop(footerLines: number): number {
  return FOOTER_BASELINE - Math.max(0, footerLines - 1) * FOOTER_STEP - STYLES.smallPrint.size * ASCENT;
}

/**
 * The main lines centred between top and bottom (below the logo, above the code or the signer), the
 * small print at the foot between the corners.
 */
function drawWording(page: Page, lines: WordingLine[], area: { top: number; bottom: number }): void {
  const main = lines.filter((line) => line.style !== 'smallPrint');
  const footer = lines.filter((line) => line.style === 'smallPrint');

  const natural = main.reduce((height, line, index) => height + lineAdvance(line, index), 0);
  // Too many lines for the space: set them all smaller rather than run over the code.
  const scale = Math.min(1, (area.bottom - area.top) / natural);
  let top = area.top + (area.bottom - area.top - natural * scale) / 2;
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

  footer.forEach((line, index) => {
    const baseline = FOOTER_BASELINE - (footer.length - 1 - index) * FOOTER_STEP;
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

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
