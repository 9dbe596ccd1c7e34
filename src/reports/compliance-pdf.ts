import { reportDocument } from '../common/pdf-libraries.js';
import { longDate } from '../common/clock.js';
import type { ComplianceReport } from './compliance.types.js';
import { percentText } from './percent-text.js';
import type { StatusCounts } from './reports.repository.js';

const PAGE = { width: 612, height: 792, margin: 54 };
const INK = '#1b1b1b';
const MUTED = '#555555';
const BAR = '#1f4e79';
const TRACK = '#e6e6e6';

const percent = (counts: StatusCounts) => percentText(counts) ?? '—';

/** The filters in words, e.g. "All sites · Teachers · grouped by site". */
export function describeFilters(report: ComplianceReport, roleLabel: (role: string) => string): string {
  return [
    report.filters.site ? `Site ${report.filters.site}` : 'All sites',
    report.filters.role ? roleLabel(report.filters.role) : 'All roles',
    `grouped by ${report.groupBy}`,
  ].join(' · ');
}

/**
 * A printable summary for a board meeting: the course, the as-of date and filters, the totals, a bar
 * chart of completion rate by group, and the table behind the chart.
 */
export async function renderCompliancePdf(
  report: ComplianceReport,
  context: { districtName: string; filters: string; generatedOn: string },
): Promise<Buffer> {
  const { doc, bytes: done } = await reportDocument({
    title: `Training compliance as of ${report.asOf}`,
    author: context.districtName,
    margin: PAGE.margin,
  });

  const left = PAGE.margin;
  const width = PAGE.width - 2 * PAGE.margin;
  const bottom = PAGE.height - PAGE.margin;
  const room = (height: number) => {
    if (doc.y + height > bottom) doc.addPage();
  };

  doc.font('regular').fontSize(10).fillColor(MUTED).text(context.districtName, left, PAGE.margin);
  doc.font('bold').fontSize(20).fillColor(INK).text('Training compliance');
  const courses = report.editions.map((e) => `${e.title} (${e.edition}, due ${longDate(e.dueDate)})`);
  doc
    .font('regular')
    .fontSize(11)
    .text(courses.length ? courses.join('; ') : 'No course edition in force on that day.')
    .moveDown(0.2)
    .text(`As of ${longDate(report.asOf)} · ${context.filters}`)
    .moveDown(1);

  // Totals
  const t = report.totals;
  const figures: [string, string][] = [
    ['Assigned', String(t.assigned)],
    ['Completed', String(t.completed)],
    ['In progress', String(t.inProgress)],
    ['Not started', String(t.notStarted)],
    ['Overdue', String(t.overdue)],
    ['Exempt', String(t.exempt)],
    ['Completion rate', percent(t)],
  ];
  const cell = width / figures.length;
  const top = doc.y;
  figures.forEach(([label, value], i) => {
    doc
      .font('bold')
      .fontSize(16)
      .fillColor(INK)
      .text(value, left + i * cell, top, { width: cell - 4 });
    doc
      .font('regular')
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(label, left + i * cell, top + 21, { width: cell - 4 });
  });
  doc.x = left;
  doc.y = top + 44;

  // Chart: one horizontal bar per group.
  const groupWord = report.groupBy === 'site' ? 'site' : 'role';
  doc.moveDown(0.6).font('bold').fontSize(13).fillColor(INK).text(`Completion rate by ${groupWord}`, left);
  doc.moveDown(0.4);
  const labelWidth = 170;
  const barWidth = width - labelWidth - 50;
  const rowHeight = 16;
  for (const group of report.groups) {
    room(rowHeight);
    const y = doc.y;
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(INK)
      .text(group.name, left, y + 3, {
        width: labelWidth - 8,
        height: rowHeight,
        ellipsis: true,
        lineBreak: false,
      });
    doc.rect(left + labelWidth, y + 2, barWidth, rowHeight - 5).fill(TRACK);
    if (group.completionRate)
      doc.rect(left + labelWidth, y + 2, barWidth * group.completionRate, rowHeight - 5).fill(BAR);
    doc.fillColor(INK).text(percent(group), left + labelWidth + barWidth + 6, y + 3, {
      width: 44,
      lineBreak: false,
    });
    doc.x = left;
    doc.y = y + rowHeight;
  }
  if (report.groups.length === 0) doc.font('regular').fontSize(10).text('Nobody is assigned in this scope.');

  // The table behind the chart.
  doc.moveDown(1);
  room(60);
  doc.font('bold').fontSize(13).fillColor(INK).text(`By ${groupWord}`, left).moveDown(0.4);
  const columns = [
    { title: report.groupBy === 'site' ? 'Site' : 'Role', width: 150 },
    { title: 'Assigned', width: 52 },
    { title: 'Completed', width: 60 },
    { title: 'In progress', width: 58 },
    { title: 'Not started', width: 58 },
    { title: 'Overdue', width: 50 },
    { title: 'Exempt', width: 46 },
    { title: 'Rate', width: 30 },
  ];
  const row = (cells: string[], font: 'regular' | 'bold') => {
    room(15);
    const y = doc.y;
    let x = left;
    cells.forEach((text, i) => {
      const column = columns[i];
      doc
        .font(font)
        .fontSize(8.5)
        .fillColor(INK)
        .text(text, x, y, {
          width: column.width - 4,
          align: i === 0 ? 'left' : 'right',
          lineBreak: false,
          ellipsis: true,
        });
      x += column.width;
    });
    doc
      .moveTo(left, y + 13)
      .lineTo(left + width, y + 13)
      .lineWidth(0.5)
      .strokeColor(TRACK)
      .stroke();
    doc.x = left;
    doc.y = y + 15;
  };
  const counts = (g: ComplianceReport['totals']) => [
    String(g.assigned),
    String(g.completed),
    String(g.inProgress),
    String(g.notStarted),
    String(g.overdue),
    String(g.exempt),
    percent(g),
  ];
  row(
    columns.map((c) => c.title),
    'bold',
  );
  for (const group of report.groups) row([group.name, ...counts(group)], 'regular');
  row(['All', ...counts(report.totals)], 'bold');

  doc
    .moveDown(1.5)
    .font('regular')
    .fontSize(8)
    .fillColor(MUTED)
    .text(
      `Generated by Hearth on ${longDate(context.generatedOn)}. Completion rate = completed ÷ (assigned − exempt). ` +
        'Overdue = not completed and due before the as-of date.',
      left,
    );
  doc.end();
  return done;
}
