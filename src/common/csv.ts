import { CsvError, parse } from 'csv-parse/sync';

/**
 * The one way Hearth writes CSV (the compliance export, the invitation links), as the contract says:
 * RFC 4180 with CRLF line ends; a cell holding a comma, a quote, a CR or an LF is quoted (a bare CR or LF
 * left unquoted starts another row in a spreadsheet); a cell that begins like a formula is prefixed with
 * `'` so that a spreadsheet never runs it.
 */

/** Written first, so Excel reads the file as UTF-8. */
export const CSV_BOM = '\uFEFF';

/**
 * The first characters that make a cell formula-like: `=`, `+`, `-`, `@`, tab and CR, and the full-width
 * forms some spreadsheets (Numbers) read as the same. PostgreSQL's CSV copy applies the same list.
 */
export const FORMULA_START: readonly string[] = [
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\uFF1D',
  '\uFF0B',
  '\uFF0D',
  '\uFF20',
];
const FORMULA = new Set(FORMULA_START);
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string): string {
  const text = FORMULA.has(value.charAt(0)) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');

/**
 * CSV whose records end in LF (PostgreSQL's COPY writes them so) with CRLF ends, as `csvRow` writes
 * them; an LF inside a quoted cell stays as it is. Quote state carries over from chunk to chunk, which
 * may split a record anywhere (a quote and an LF are single bytes in UTF-8: no character is cut).
 */
export async function* crlfRecords(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let quoted = false;
  for await (const chunk of chunks) {
    // At most one CR more per byte; most chunks hold a few hundred records and no quote.
    const out = Buffer.allocUnsafe(chunk.length * 2);
    let written = 0;
    let from = 0;
    // The next quote and LF at or after `from` (-1: none in the chunk), each looked for again only once
    // passed: searching afresh per record would read the rest of the chunk every time.
    let quote = -2;
    let lf = -2;
    for (;;) {
      if (quote !== -1 && quote < from) quote = chunk.indexOf(QUOTE, from);
      if (!quoted && lf !== -1 && lf < from) lf = chunk.indexOf(LF, from);
      // Inside quotes only the closing quote matters (a doubled quote closes and opens again).
      const next = !quoted && lf !== -1 && (quote === -1 || lf < quote) ? lf : quote;
      if (next === -1) break;
      written += chunk.copy(out, written, from, next);
      if (next === lf) {
        written += CRLF.copy(out, written);
      } else {
        out[written++] = QUOTE;
        quoted = !quoted;
      }
      from = next + 1;
    }
    written += chunk.copy(out, written, from);
    yield out.subarray(0, written);
  }
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
