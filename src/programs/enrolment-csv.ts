import { CsvError, parse } from 'csv-parse/sync';
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
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(decoded.text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 1;
    return {
      errors: [
        {
          line,
          column: '',
          message: `the file is not valid CSV: ${error.message.replace(/^Invalid [^:]*: /, '')}`,
        },
      ],
    };
  }
  const [header, ...rows] = records;
  const column = header?.record.findIndex((name) => name.trim().toLowerCase() === 'employee_id') ?? -1;
  if (!header || column < 0)
    return {
      errors: [{ line: 1, column: 'employee_id', message: 'the header row needs an employee_id column' }],
    };
  if (rows.length === 0)
    return { errors: [{ line: 2, column: 'employee_id', message: 'the file has no rows after its header' }] };
  const errors: EnrolmentLineError[] = [];
  const seen = new Map<string, number>();
  const ids: { employeeId: string; line: number }[] = [];
  for (const { record, info } of rows) {
    const employeeId = (record[column] ?? '').trim();
    if (employeeId === '')
      errors.push({ line: info.lines, column: 'employee_id', message: 'employee_id is empty' });
    else if (seen.has(employeeId))
      errors.push({
        line: info.lines,
        column: 'employee_id',
        message: `${employeeId} is also on line ${seen.get(employeeId)}`,
      });
    else {
      seen.set(employeeId, info.lines);
      ids.push({ employeeId, line: info.lines });
    }
  }
  return errors.length > 0 ? { errors } : { ids };
}
