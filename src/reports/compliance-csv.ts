import { Readable } from 'node:stream';
import { localTimestamp } from '../common/clock.js';
import { CSV_BOM, csvRow } from '../common/csv.js';
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

const ROWS_PER_CHUNK = 400;

const record = (row: ComplianceRow) => [
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
  row.completedAt ? localTimestamp(row.completedAt) : '',
  row.certificateSerial ?? '',
];

async function* text(
  pages: AsyncIterable<ComplianceRow[]> | Iterable<ComplianceRow[]>,
): AsyncGenerator<string> {
  yield CSV_BOM + csvRow(CSV_COLUMNS);
  // A few hundred rows per string: far fewer chunks than one per row, and each small enough (under V8's
  // large-object size) to be collected young, so the server's memory stays flat while it streams.
  for await (const page of pages) {
    for (let i = 0; i < page.length; i += ROWS_PER_CHUNK) {
      yield page
        .slice(i, i + ROWS_PER_CHUNK)
        .map((row) => csvRow(record(row)))
        .join('');
    }
  }
}

/**
 * The compliance rows as an RFC 4180 CSV stream (`csvRow`: CRLF line ends, cells with a comma, quote, CR
 * or LF quoted, formula-like cells prefixed with `'`), with a header row and a UTF-8 byte order mark (so
 * Excel reads names right). Rows are pulled page by page as the client reads, so memory stays flat at
 * any size.
 */
export function complianceCsv(pages: AsyncIterable<ComplianceRow[]> | Iterable<ComplianceRow[]>): Readable {
  return Readable.from(text(pages), { objectMode: false });
}
