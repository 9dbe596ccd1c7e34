import { Readable } from 'node:stream';
import { CSV_BOM, csvRow } from '../common/csv.js';

/** The contract's columns, in order (the names of `ReportsRepository.complianceCsv`'s SELECT list too). */
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

async function* withHeader(records: AsyncIterable<string | Buffer> | Iterable<string>) {
  yield CSV_BOM + csvRow(CSV_COLUMNS);
  yield* records;
}

/**
 * The compliance CSV (RFC 4180 as `csvRow` writes it: CRLF line ends, cells with a comma, quote, CR or
 * LF quoted, formula-like cells prefixed with `'`): a UTF-8 byte order mark (so Excel reads names
 * right), a header row, then the records (`ReportsRepository.complianceCsv`) as the client reads them,
 * so memory stays flat at any size.
 */
export function complianceCsv(records: AsyncIterable<string | Buffer> | Iterable<string>): Readable {
  return Readable.from(withHeader(records), { objectMode: false });
}
