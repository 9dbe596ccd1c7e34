// Stand-in until the real module lands (same exports).
import PDFDocument from 'pdfkit';
export interface CertificateContent {
  districtName: string;
  holderName: string;
  courseTitle: string;
  edition: string;
  pdHours: number;
  completedOn: string;
  completedAt: Date;
  serial: string;
  verifyUrl: string;
}
export class CertificateRenderer {
  constructor(readonly templatesDir: string) {}
  render(content: CertificateContent): Promise<Buffer> {
    return new Promise((resolve) => {
      const doc = new PDFDocument({
        size: 'LETTER',
        layout: 'landscape',
        info: { CreationDate: content.completedAt },
      });
      const chunks: Buffer[] = [];
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.text(`${content.holderName} ${content.courseTitle} ${content.serial}`);
      doc.end();
    });
  }
}
