import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { complianceCsv, CSV_COLUMNS } from './compliance-csv.js';
import type { ComplianceRow } from './reports.repository.js';

const row = (overrides: Partial<ComplianceRow> = {}): ComplianceRow => ({
  employeeId: 'NL-1',
  firstName: 'Ana',
  lastName: 'Lima',
  email: 'ana@d.test',
  siteCode: 'LIN',
  jobRole: 'teacher',
  courseId: 'carma',
  edition: '2026-27',
  dueDate: '2026-10-31',
  status: 'not_started',
  completedAt: null,
  certificateSerial: null,
  ...overrides,
});

async function text(rows: ComplianceRow[]): Promise<string> {
  const chunks: string[] = [];
  for await (const chunk of complianceCsv([rows])) chunks.push(String(chunk));
  return chunks.join('');
}

describe('complianceCsv keeps one staff member × course per row', () => {
  it('quotes a name holding a bare CR or LF, so a spreadsheet sees no extra row', async () => {
    const csv = await text([
      row(),
      row({ employeeId: 'NL-2', firstName: 'Carriage\rReturn', lastName: 'Line\nFeed' }),
      row({ employeeId: 'NL-3' }),
    ]);
    expect(csv).toContain('NL-2,"Carriage\rReturn","Line\nFeed",');
    const records: string[][] = parse(csv, { bom: true });
    expect(records.map((r) => [r[0], r[1], r[2]])).toEqual([
      [...CSV_COLUMNS.slice(0, 3)],
      ['NL-1', 'Ana', 'Lima'],
      ['NL-2', 'Carriage\rReturn', 'Line\nFeed'],
      ['NL-3', 'Ana', 'Lima'],
    ]);
  });

  it('prefixes a formula-like cell with a quote mark, and quotes it when it begins with CR', async () => {
    const csv = await text([row({ firstName: '\rx', lastName: '=1+2', email: '@a' })]);
    expect(csv).toContain(`NL-1,"'\rx",'=1+2,'@a,`);
  });
});
