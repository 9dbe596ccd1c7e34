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
export const REPORT_FONTS = {
  regular: resolvePackageFile.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: resolvePackageFile.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};
