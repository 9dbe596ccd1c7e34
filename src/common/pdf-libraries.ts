import { createRequire } from 'node:module';

const loadPdfLibraries = () =>
  Promise.all([import('pdfkit'), import('qrcode')]).then(([pdfkit, qrcode]) => ({
    PDFDocument: pdfkit.default,
    QRCode: qrcode.default,
  }));
let pdfLibrariesLoaded: ReturnType<typeof loadPdfLibraries> | undefined;
/** pdfkit (with its font engine) and qrcode take ~250 ms to load: the first PDF loads them, not start-up. */
export const pdfLibraries = () => (pdfLibrariesLoaded ??= loadPdfLibraries());

const resolvePackageFile = createRequire(import.meta.url);
/**
 * The fonts of reports and transcripts: Noto Sans SC covers Latin, Vietnamese and Chinese names;
 * pdfkit embeds only the glyphs used. (Certificates set names in more scripts: certificate-fonts.ts.)
 */
const REPORT_FONTS = {
  regular: resolvePackageFile.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: resolvePackageFile.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};

/**
 * A US Letter report document (a compliance summary, a transcript) with the report fonts registered as
 * `regular` and `bold`, and the PDF's bytes once `doc.end()` is called.
 */
export async function reportDocument(info: { title: string; author: string; margin: number }) {
  const { PDFDocument } = await pdfLibraries();
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: info.margin,
    info: { Title: info.title, Author: info.author, Creator: 'Hearth' },
  });
  doc.registerFont('regular', REPORT_FONTS.regular);
  doc.registerFont('bold', REPORT_FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}
