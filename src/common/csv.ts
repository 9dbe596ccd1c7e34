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
 * forms some spreadsheets (Numbers) read as the same. `copiedCsv` applies the same list to PostgreSQL's CSV.
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
const COMMA = 0x2c;
const LF = 0x0a;
const APOSTROPHE = 0x27;
/** FORMULA_START as the bytes a cell would begin with (the full-width forms are three each). */
const FORMULA_BYTES = FORMULA_START.map((character) => Buffer.from(character));
const LONGEST_FORMULA = Math.max(...FORMULA_BYTES.map((bytes) => bytes.length));

/** For each byte, whether a formula-like beginning can start with it (most cells fail this at once). */
const FORMULA_FIRST = new Uint8Array(256);
for (const bytes of FORMULA_BYTES) FORMULA_FIRST[bytes[0]] = 1;

/** Whether the cell text at `at` begins like a formula; undefined when the bytes that tell are not here yet. */
function formulaAt(data: Buffer, at: number, final: boolean): boolean | undefined {
  if (at >= data.length) return final ? false : undefined;
  if (FORMULA_FIRST[data[at]] === 0) return false;
  const found = FORMULA_BYTES.some(
    (bytes) =>
      at + bytes.length <= data.length && data.compare(bytes, 0, bytes.length, at, at + bytes.length) === 0,
  );
  if (found || final || at + LONGEST_FORMULA <= data.length) return found;
  return undefined;
}

/**
 * One stretch of PostgreSQL's CSV converted into `out`: how many bytes were written, and where the
 * record still unfinished at the end of `data` begins (`data.length` when `final`: the rest is written).
 */
function convertCopied(data: Buffer, out: Buffer, final: boolean): { written: number; rest: number } {
  const n = data.length;
  let written = 0;
  let from = 0;
  let recordStart = 0;
  let recordWritten = 0;
  let quoted = false;
  let cellStart = true;
  // The next quote, comma and LF at or after `from` (-1: none), each looked for again only once passed.
  let quote = -2;
  let comma = -2;
  let lf = -2;
  const unfinished = () => ({ written: recordWritten, rest: recordStart });
  for (;;) {
    if (cellStart) {
      cellStart = false;
      if (data[from] === QUOTE) {
        // `""` alone is an empty text (COPY keeps it apart from NULL): written as nothing, as csvCell does.
        if (from + 2 >= n && !final) return unfinished();
        const after = data[from + 2];
        if (data[from + 1] === QUOTE && (from + 2 >= n || after === COMMA || after === LF)) {
          from += 2;
          continue;
        }
        // A quoted cell: its text begins after the quote.
        out[written++] = QUOTE;
        quoted = true;
        from += 1;
      }
      const formula = formulaAt(data, from, final);
      if (formula === undefined) return unfinished();
      if (formula) out[written++] = APOSTROPHE;
    }
    if (quote !== -1 && quote < from) quote = data.indexOf(QUOTE, from);
    if (!quoted && comma !== -1 && comma < from) comma = data.indexOf(COMMA, from);
    if (!quoted && lf !== -1 && lf < from) lf = data.indexOf(LF, from);
    // Inside quotes only the closing quote matters (a doubled quote closes and opens again).
    let next = quote;
    if (!quoted) {
      if (comma !== -1 && (next === -1 || comma < next)) next = comma;
      if (lf !== -1 && (next === -1 || lf < next)) next = lf;
    }
    if (next === -1) break;
    written += data.copy(out, written, from, next);
    from = next + 1;
    if (next === quote) {
      out[written++] = QUOTE;
      quoted = !quoted;
    } else if (next === comma) {
      out[written++] = COMMA;
      cellStart = true;
    } else {
      out[written++] = 0x0d;
      out[written++] = LF;
      cellStart = true;
      recordStart = from;
      recordWritten = written;
    }
    if (cellStart && from >= n && !final) return unfinished();
  }
  if (!final) return unfinished();
  written += data.copy(out, written, from);
  return { written, rest: n };
}

/**
 * PostgreSQL's CSV (`COPY … TO STDOUT WITH (FORMAT csv)`) as `csvRow` writes CSV: CRLF record ends
 * (COPY writes LF; an LF inside a quoted cell stays as it is), `'` before a formula-like cell, and an
 * empty text written as nothing (COPY writes `""`). COPY already quotes what csvCell quotes. Records are
 * converted whole: a chunk's unfinished last record waits for the next chunk.
 */
export async function* copiedCsv(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    // At most one byte more per byte: a CR before an LF, or a `'` before a cell's first character.
    const out = Buffer.allocUnsafe(data.length * 2);
    const { written, rest } = convertCopied(data, out, false);
    carry = Buffer.from(data.subarray(rest));
    if (written > 0) yield out.subarray(0, written);
  }
  if (carry.length === 0) return;
  const out = Buffer.allocUnsafe(carry.length * 2);
  yield out.subarray(0, convertCopied(carry, out, true).written);
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
