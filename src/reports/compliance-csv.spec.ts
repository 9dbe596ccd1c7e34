import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from '@jest/globals';
import { complianceCsv, CSV_COLUMNS } from './compliance-csv.js';

// PostgreSQL's pieces are bytes, and may cut a character in two.
const name = Buffer.from('NL-2,Nguyễn,Thị\r\n');
const records = () => Readable.from(['NL-1,Ana,Lima\r\n', name.subarray(0, 8), name.subarray(8)]);

describe('complianceCsv', () => {
  it('writes a byte order mark and the header, then the records as they come', async () => {
    const text = (await buffer(complianceCsv(records()))).toString('utf8');
    expect(text).toBe(`\uFEFF${CSV_COLUMNS.join(',')}\r\nNL-1,Ana,Lima\r\nNL-2,Nguyễn,Thị\r\n`);
  });

  it('writes the header alone when nothing is in scope', async () => {
    expect((await buffer(complianceCsv([]))).toString('utf8')).toBe(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
  });
});
