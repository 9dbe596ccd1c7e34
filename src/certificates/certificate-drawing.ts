import type { BitMatrix } from 'qrcode';
import type { BrandImage, Branding } from '../config/branding.js';
import type { DocumentFonts, TextRun } from './certificate-fonts.js';

// US Letter, landscape, in points (72 to the inch).
export const PAGE_WIDTH = 792;
export const PAGE_HEIGHT = 612;
export const OUTER_FRAME = 20; // inset of the outer rule of the border
export const INNER_FRAME = 28;
export const QR_SIZE = 86.4; // 1.2 inch
export const QR_INSET = 50; // from the page edge to the code
export const SERIAL_SIZE = 7.5;
export const MAIN_TOP = 80;
export const MAIN_BOTTOM = PAGE_HEIGHT - QR_INSET - QR_SIZE - 12;
export const MAIN_WIDTH = PAGE_WIDTH - 2 * 84;
export const FOOTER_WIDTH = PAGE_WIDTH - 2 * (QR_INSET + QR_SIZE + 18);
export const FOOTER_BASELINE = PAGE_HEIGHT - QR_INSET - 4;

export const NAVY = '#1f3a5f';
export const GOLD = '#b08d57';
export const INK = '#1c1c1c';
export const BODY = '#3d3d3d';
export const MUTED = '#666666';
export const LINE_HEIGHT = 1.3; // × font size
export const ASCENT = 0.95; // × font size, from the top of a line to its baseline

/**
 * The QR code as vector squares, with a one-module quiet zone (the page around it is blank too): sharp
 * at any printer resolution, and ~4× faster than encoding a PNG with qrcode and decoding it in pdfkit
 * (the PNG route took ~20 of a certificate's ~28 ms).
 */
export function drawQrCode(doc: PDFKit.PDFDocument, modules: BitMatrix, left: number, top: number): void {
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

export function drawBorder(doc: PDFKit.PDFDocument): void {
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

/** A document being drawn, with the fonts it can use. */
export interface Page {
  doc: PDFKit.PDFDocument;
  fonts: DocumentFonts;
}

/**
 * One line of text centred on centerX with its baseline at baselineY, set smaller if it is wider than
 * maxWidth (a long name shrinks, it never wraps or runs off the page). The runs of a line follow each other
 * left to right (the certificate's language is left-to-right); within an Arabic run fontkit shapes the
 * letters and returns the glyphs right to left.
 */
export function drawLine(
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

/** The logo's box, centred at the top inside the frame; the wording starts below it. */
const LOGO = { top: INNER_FRAME + 16, height: 56, width: 200, gap: 10 };

/** The logo, fitted into its box and centred; returns where the wording may start. */
export function drawLogo(doc: PDFKit.PDFDocument, logo: BrandImage): number {
  const scale = Math.min(LOGO.width / logo.width, LOGO.height / logo.height);
  const width = logo.width * scale;
  const height = logo.height * scale;
  doc.image(logo.data, (PAGE_WIDTH - width) / 2, LOGO.top, { width, height });
  return LOGO.top + height + LOGO.gap;
}

/** The signature's box above the line (room to sign by hand when there is no image), and the text. */
const SIGNER = {
  imageHeight: 42,
  imageWidth: 180,
  ruleWidth: 220,
  textWidth: 320,
  name: 11,
  title: 9,
  gap: 10,
};

/**
 * The signature above a rule with the signer's name and title under it, centred just above the small
 * print (whose top is `above`); returns the top of the block, where the wording must end.
 */
export function drawSigner(page: Page, signer: NonNullable<Branding['signer']>, above: number): number {
  const { doc } = page;
  const centre = PAGE_WIDTH / 2;
  const titleBaseline = above - SIGNER.gap;
  const nameBaseline = signer.title ? titleBaseline - SIGNER.title * LINE_HEIGHT : titleBaseline;
  const ruleY = nameBaseline - SIGNER.name * LINE_HEIGHT;
  if (signer.title)
    drawLine(
      page,
      signer.title,
      { size: SIGNER.title, color: MUTED },
      centre,
      titleBaseline,
      SIGNER.textWidth,
    );
  drawLine(page, signer.name, { size: SIGNER.name, color: INK }, centre, nameBaseline, SIGNER.textWidth);
  doc
    .lineWidth(0.75)
    .strokeColor(BODY)
    .moveTo(centre - SIGNER.ruleWidth / 2, ruleY)
    .lineTo(centre + SIGNER.ruleWidth / 2, ruleY)
    .stroke();
  const top = ruleY - 2 - SIGNER.imageHeight;
  const signature = signer.signature;
  if (signature) {
    // Its foot on the rule, as a pen would sign.
    const scale = Math.min(SIGNER.imageWidth / signature.width, SIGNER.imageHeight / signature.height);
    const width = signature.width * scale;
    const height = signature.height * scale;
    doc.image(signature.data, centre - width / 2, ruleY - 2 - height, { width, height });
  }
  return top - SIGNER.gap;
}
