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
