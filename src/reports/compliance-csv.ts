import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ComplianceRow } from './reports.repository.js';

/** The contract's columns, in order. */
export const CSV_COLUMNS = [
  'employee_id',
  'first_name',
  'last_name',
  'email',
  'site_code',
  'job_role',
  'course_id',
  'edition',
  'due_date',
  'status',
  'completed_at',
  'certificate_serial',
] as const;

async function* records(
  pages: AsyncIterable<ComplianceRow[]> | Iterable<ComplianceRow[]>,
): AsyncGenerator<string[]> {
  for await (const page of pages) {
    for (const row of page) {
      yield [
        row.employeeId,
        row.firstName,
        row.lastName,
        row.email,
        row.siteCode,
        row.jobRole,
        row.courseId,
        row.edition,
        row.dueDate,
        row.status,
        row.completedAt ? row.completedAt.toISOString() : '',
        row.certificateSerial ?? '',
      ];
    }
  }
}

/**
 * The compliance rows as an RFC 4180 CSV stream: CRLF line ends, a header row, a UTF-8 byte order mark
 * (so Excel reads names right), and cells that begin like a formula prefixed with `'`. Rows are pulled
 * page by page as the client reads, so memory stays flat at any size.
 */
export function complianceCsv(pages: AsyncIterable<ComplianceRow[]> | Iterable<ComplianceRow[]>): Readable {
  const csv = stringify({
    header: true,
    columns: [...CSV_COLUMNS],
    bom: true,
    record_delimiter: 'windows',
    escape_formulas: true,
  });
  const source = Readable.from(records(pages));
  source.on('error', (error) => csv.destroy(error));
  return source.pipe(csv);
}
