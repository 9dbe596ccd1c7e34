import { readCsvRecords } from '../common/csv.js';
import { decodeRoster } from '../staff/roster-csv.js';

/** A problem with one line of an enrolment CSV (the header is line 1), as the roster import reports them. */
export interface EnrolmentLineError {
  line: number;
  column: string;
  message: string;
}

/**
 * A CSV of employee ids to enrol: UTF-8, a header row with an `employee_id` column (others are
 * ignored, so a roster export works as it is), one person per row. Every problem is reported at its line.
 */
export function parseEnrolmentCsv(
  bytes: Uint8Array,
): { ids: { employeeId: string; line: number }[] } | { errors: EnrolmentLineError[] } {
  const decoded = decodeRoster(bytes);
  if ('error' in decoded) return { errors: [decoded.error] };
  const read = readCsvRecords(decoded.text);
  if ('problem' in read) return { errors: [{ ...read.problem, column: '' }] };
  const { header, rows } = read;
  const column = header.findIndex((name) => name.trim().toLowerCase() === 'employee_id');
  if (column < 0)
    return {
      errors: [{ line: 1, column: 'employee_id', message: 'the header row needs an employee_id column' }],
    };
  if (rows.length === 0)
    return { errors: [{ line: 2, column: 'employee_id', message: 'the file has no rows after its header' }] };
  const errors: EnrolmentLineError[] = [];
  const seen = new Map<string, number>();
  const ids: { employeeId: string; line: number }[] = [];
  for (const { cells, line } of rows) {
    const employeeId = (cells[column] ?? '').trim();
    if (employeeId === '')
      errors.push({ line: line, column: 'employee_id', message: 'employee_id is empty' });
    else if (seen.has(employeeId))
      errors.push({
        line: line,
        column: 'employee_id',
        message: `${employeeId} is also on line ${seen.get(employeeId)}`,
      });
    else {
      seen.set(employeeId, line);
      ids.push({ employeeId, line: line });
    }
  }
  return errors.length > 0 ? { errors } : { ids };
}
