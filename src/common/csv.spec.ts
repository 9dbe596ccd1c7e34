import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { crlfRecords, csvCell, csvRow } from './csv.js';

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

/** `text` as LF-ended CSV cut into pieces at `cuts` (byte offsets), through `crlfRecords`. */
async function crlf(text: string, cuts: number[]): Promise<string> {
  const bytes = Buffer.from(text);
  const edges = [0, ...cuts, bytes.length];
  const pieces = edges.slice(1).map((end, i) => bytes.subarray(edges[i], end));
  const out: Buffer[] = [];
  for await (const piece of crlfRecords(Readable.from(pieces))) out.push(piece);
  return Buffer.concat(out).toString('utf8');
}

describe('crlfRecords', () => {
  // As COPY writes it: LF record ends, an LF (and a CR, a quote, a comma) inside quoted cells.
  const copied = 'a,"Line\nFeed",b\n"x ""q""\ny",,"c\rd"\nNguyễn,"1, ""\n"""\n';
  const expected = 'a,"Line\nFeed",b\r\n"x ""q""\ny",,"c\rd"\r\nNguyễn,"1, ""\n"""\r\n';

  it('ends records with CRLF and leaves an LF inside quotes as it is', async () => {
    expect(await crlf(copied, [])).toBe(expected);
    // What csvRow writes for the same cells.
    const cells = [
      ['a', 'Line\nFeed', 'b'],
      ['x "q"\ny', '', 'c\rd'],
      ['Nguyễn', '1, "\n"'],
    ];
    expect(expected).toBe(cells.map(csvRow).join(''));
  });

  it('keeps the quote state across every cut: in a cell, between doubled quotes, before an LF', async () => {
    const length = Buffer.byteLength(copied);
    for (let cut = 1; cut < length; cut++) expect([cut, await crlf(copied, [cut])]).toEqual([cut, expected]);
    const everyByte = Array.from({ length: length - 1 }, (_, i) => i + 1);
    expect(await crlf(copied, everyByte)).toBe(expected);
  });

  it('passes text with no quote or LF through, and empty pieces too', async () => {
    expect(await crlf('abc', [0, 1, 1])).toBe('abc');
    expect(await crlf('', [])).toBe('');
  });
});
