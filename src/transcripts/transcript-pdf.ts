import { longDate } from '../common/clock.js';
import { reportDocument } from '../common/pdf-libraries.js';
import type { Transcript, TranscriptKind } from './transcript.js';

const PAGE = { width: 612, height: 792, margin: 54 };
const INK = '#1b1b1b';
const MUTED = '#555555';
const RULE = '#cccccc';

export const KIND_WORDS: Record<TranscriptKind, string> = {
  course: 'Course',
  session: 'Session attended',
  program: 'Program',
};

export const hoursText = (hours: number) => `${hours} PD hour${hours === 1 ? '' : 's'}`;

/** A printable PD transcript: the person, then each school year's table of what they did, with totals. */
export async function renderTranscriptPdf(
  transcript: Transcript,
  context: { districtName: string; generatedOn: string },
): Promise<Buffer> {
  const { doc, bytes: done } = await reportDocument({
    title: `PD transcript: ${transcript.name}`,
    author: context.districtName,
    margin: PAGE.margin,
  });

  const left = PAGE.margin;
  const width = PAGE.width - 2 * PAGE.margin;
  const bottom = PAGE.height - PAGE.margin;
  const columns = [
    { title: 'Date', x: left, width: 100 },
    { title: 'What', x: left + 100, width: width - 100 - 110 - 70 },
    { title: 'Kind', x: left + width - 180, width: 110 },
    { title: 'PD hours', x: left + width - 70, width: 70 },
  ];
  const row = (cells: string[], font: 'regular' | 'bold') => {
    doc.font(font).fontSize(9.5).fillColor(INK);
    const height = Math.max(
      ...cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i].width - 6 })),
    );
    if (doc.y + height + 6 > bottom) doc.addPage();
    const y = doc.y;
    cells.forEach((cell, i) =>
      doc.text(cell, columns[i].x, y, { width: columns[i].width - 6, align: i === 3 ? 'right' : 'left' }),
    );
    doc.x = left;
    doc.y = y + height + 3;
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .strokeColor(RULE)
      .lineWidth(0.5)
      .stroke();
    doc.y += 3;
  };

  doc.font('regular').fontSize(10).fillColor(MUTED).text(context.districtName, left, PAGE.margin);
  doc.font('bold').fontSize(20).fillColor(INK).text('Professional development transcript');
  doc
    .font('regular')
    .fontSize(11)
    .text(transcript.employeeId ? `${transcript.name} · employee ${transcript.employeeId}` : transcript.name)
    .text(`${hoursText(transcript.totalHours)} in all · as of ${longDate(context.generatedOn)}`)
    .moveDown(1);
  if (transcript.years.length === 0) doc.text('No completed courses, attended sessions or programs yet.');

  for (const year of transcript.years) {
    if (doc.y + 60 > bottom) doc.addPage();
    doc.font('bold').fontSize(13).fillColor(INK).text(`School year ${year.schoolYear}`, left).moveDown(0.3);
    row(
      columns.map((c) => c.title),
      'bold',
    );
    for (const entry of year.entries)
      row(
        [
          longDate(entry.day),
          entry.serial ? `${entry.title}\nCertificate ${entry.serial}` : entry.title,
          KIND_WORDS[entry.kind],
          String(entry.pdHours),
        ],
        'regular',
      );
    row(['', `Total for ${year.schoolYear}`, '', String(year.hours.total)], 'bold');
    doc.moveDown(1);
  }
  doc.end();
  return done;
}
