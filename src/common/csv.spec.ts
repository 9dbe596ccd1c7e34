import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { copiedCsv, csvCell, csvRow } from './csv.js';

describe('csvCell', () => {
  it('leaves plain text, Unicode and empty cells as they are', () => {
    expect(['Ana', 'Nguyễn Thị', '王', '', '2026-10-31', 'a b'].map(csvCell)).toEqual([
      'Ana',
      'Nguyễn Thị',
      '王',
      '',
      '2026-10-31',
      'a b',
    ]);
  });

  it.each([
    ['a comma', 'Lima, Ana', '"Lima, Ana"'],
    ['a quote', 'Ana "Annie" Lima', '"Ana ""Annie"" Lima"'],
    ['a bare CR', 'Carriage\rReturn', '"Carriage\rReturn"'],
    ['a bare LF', 'Line\nFeed', '"Line\nFeed"'],
    ['CRLF', 'a\r\nb', '"a\r\nb"'],
  ])('quotes a cell holding %s', (_name, value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it.each(['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '＝1', '＋1', '－1', '＠x'])(
    'prefixes the formula-like %j with a quote mark',
    (value) => {
      expect(csvCell(value)).toBe(`'${value}`);
    },
  );

  it('prefixes and quotes a cell that begins with CR', () => {
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });
});

describe('csvRow', () => {
  it('writes one record that reads back as the same cells', () => {
    const cells = ['NL-2', 'Carriage\rReturn', 'Line\nFeed', 'a,"b"', '=x', ''];
    const text = csvRow(cells) + csvRow(['NL-3', 'Ana', 'Lima', '', '', '']);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text)).toEqual([
      ['NL-2', 'Carriage\rReturn', 'Line\nFeed', 'a,"b"', "'=x", ''],
      ['NL-3', 'Ana', 'Lima', '', '', ''],
    ]);
  });
});

/** `text` as COPY writes it, cut into pieces at `cuts` (byte offsets), through `copiedCsv`. */
async function converted(text: string, cuts: number[]): Promise<string> {
  const bytes = Buffer.from(text);
  const edges = [0, ...cuts, bytes.length];
  const pieces = edges.slice(1).map((end, i) => bytes.subarray(edges[i], end));
  const out: Buffer[] = [];
  for await (const piece of copiedCsv(Readable.from(pieces))) out.push(piece);
  return Buffer.concat(out).toString('utf8');
}

describe('copiedCsv', () => {
  // As COPY writes it: LF record ends; an LF (and a CR, a quote, a comma) inside quoted cells; `""` for
  // an empty text and nothing for NULL; formula-like cells as they are, quoted or not, full-width too.
  const cells = [
    ['a', 'Line\nFeed', 'b'],
    ['x "q"\ny', '', 'c\rd'],
    ['Nguyễn', '1, "\n"', ''],
    ['=SUM(A1)', '+1', '-2', '@x', '\tt', '\rr', '＝a', '＋b', '－c', '＠d'],
    ['"=quoted, with a comma"', '=a,b', '"', '""', 'e'],
    ['', '', ''],
  ];
  const copy = (cell: string) =>
    cell === '' ? '""' : /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
  const copied = cells.map((row) => `${row.map(copy).join(',')}\n`).join('') + 'a,,c\n';
  const expected = cells.map(csvRow).join('') + 'a,,c\r\n';

  it('writes what csvRow writes for the same cells', async () => {
    expect(await converted(copied, [])).toBe(expected);
  });

  it('gives the same at every cut: in a cell, between doubled quotes, inside a full-width character', async () => {
    const length = Buffer.byteLength(copied);
    for (let cut = 1; cut < length; cut++)
      expect([cut, await converted(copied, [cut])]).toEqual([cut, expected]);
    const everyByte = Array.from({ length: length - 1 }, (_, i) => i + 1);
    expect(await converted(copied, everyByte)).toBe(expected);
  });

  it('passes text with no record end through, empty pieces too, and an unfinished last record', async () => {
    expect(await converted('abc', [0, 1, 1])).toBe('abc');
    expect(await converted('', [])).toBe('');
    expect(await converted('a,=b', [2])).toBe("a,'=b");
    expect(await converted('a,""', [3])).toBe('a,');
  });
});
