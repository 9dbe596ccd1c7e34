import { CsvError, parse } from 'csv-parse/sync';

/**
 * The one way Hearth writes CSV (the compliance export, the invitation links), as the contract says:
 * RFC 4180 with CRLF line ends; a cell holding a comma, a quote, a CR or an LF is quoted (a bare CR or LF
 * left unquoted starts another row in a spreadsheet); a cell that begins like a formula is prefixed with
 * `'` so that a spreadsheet never runs it.
 */

/** Written first, so Excel reads the file as UTF-8. */
export const CSV_BOM = '\uFEFF';

// `=`, `+`, `-`, `@`, tab and CR, and the full-width forms some spreadsheets (Numbers) read as the same.
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string): string {
  const text = FORMULA_START.has(value.charAt(0)) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** An uploaded CSV's header and records, each with the line a spreadsheet shows it on (header: 1). */
export interface CsvRecords {
  header: string[];
  rows: { line: number; cells: string[] }[];
}

/** Line breaks inside a record's quoted cells: the parser counts them as lines of the file too. */
const lineBreaksIn = (cells: string[]) =>
  cells.reduce((count, cell) => count + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/**
 * The one way Hearth reads an uploaded CSV (the roster, an enrolment list, a OneRoster package's files):
 * a byte-order mark allowed, rows of any length, empty lines skipped; or the line where it stops being CSV.
 */
export function readCsvRecords(text: string): CsvRecords | { problem: { line: number; message: string } } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 1;
    return {
      problem: {
        line,
        message: `the file is not valid CSV: ${error.message.replace(/^Invalid [^:]*: /, '')}`,
      },
    };
  }
  const [header, ...body] = records;
  let breaks = header ? lineBreaksIn(header.record) : 0;
  const rows = body.map(({ record, info }) => {
    breaks += lineBreaksIn(record);
    return { line: info.lines - breaks, cells: record };
  });
  return { header: header?.record ?? [], rows };
}
