import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { csvCell, csvRow } from './csv.js';

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
