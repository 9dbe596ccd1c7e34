const loadPdfLibraries = () =>
  Promise.all([import('pdfkit'), import('qrcode')]).then(([pdfkit, qrcode]) => ({
    PDFDocument: pdfkit.default,
    QRCode: qrcode.default,
  }));
let pdfLibrariesLoaded: ReturnType<typeof loadPdfLibraries> | undefined;
/** pdfkit (with its font engine) and qrcode take ~250 ms to load: the first PDF loads them, not start-up. */
export const pdfLibraries = () => (pdfLibrariesLoaded ??= loadPdfLibraries());
