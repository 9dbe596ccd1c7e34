import { resolve } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { localTimestamp } from '../../src/common/clock.js';
import { CSV_BOM, csvRow, FORMULA_START } from '../../src/common/csv.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import type { WorkKey } from '../../src/learning/progress.service.js';
import { complianceCsv, CSV_COLUMNS } from '../../src/reports/compliance-csv.js';
import { ComplianceService } from '../../src/reports/compliance.service.js';
import { type ReportScope, ReportsRepository } from '../../src/reports/reports.repository.js';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { learningServices } from '../support/services.js';
import { openTestDatabase } from '../support/test-database.js';

const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };
const at = (iso: string) => new Date(`${iso}T15:00:00Z`);

/**
 * Names a roster no longer accepts (control characters) may be in a database from before, and an
 * export must still write them safely: every formula-like start, full-width too, commas, quotes, CR,
 * LF, CRLF, an empty string, a lone quote mark.
 */
const NAMES = [
  ...FORMULA_START.map((start) => `${start}x`),
  ...FORMULA_START,
  'Lima, Ana',
  'Ana "Annie"',
  '"',
  'Line\nFeed',
  'Carriage\rReturn',
  'a\r\nb',
  'trailing\n',
  '',
  "'quoted",
  'Nguyễn Thị 王',
  ' =spaced',
];

/** Today's way, kept as the reference: every row of `complianceRows` through `csvRow` in JS. */
async function referenceCsv(reports: ReportsRepository, scope: ReportScope): Promise<Buffer> {
  let text = CSV_BOM + csvRow(CSV_COLUMNS);
  for await (const page of reports.complianceRows(scope, 7)) {
    for (const row of page)
      text += csvRow([
        row.employeeId,
        row.firstName,
        row.lastName,
        row.email,
        row.siteCode,
        row.jobRole,
        row.courseId,
        row.edition,
        row.dueDate,
        row.status,
        row.completedAt ? localTimestamp(row.completedAt) : '',
        row.certificateSerial ?? '',
      ]);
  }
  return Buffer.from(text);
}

describe('the compliance CSV as the database writes it (PostgreSQL: COPY) is byte for byte the JS one', () => {
  let database: Database;
  let close: () => Promise<void>;
  let reports: ReportsRepository;
  let compliance: ComplianceService;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    ({ database, close } = await openTestDatabase());
    const configFor = (today: string): AppConfig =>
      loadConfig({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: today });
    const { catalog, importer, progress } = learningServices(database, configFor('2026-09-01'));
    const roster = NAMES.map((_, i) =>
      makeStaff({ employeeId: `N${String(i).padStart(2, '0')}`, siteCode: i % 3 ? 'LIN' : 'OAK' }),
    );
    const imported = await importer.importCsv(
      Buffer.from(rosterCsv(roster)),
      { sync: false, dryRun: false },
      null,
    );
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    // Each name as first and (reversed list) last name; the site and the e-mail formula-like for some.
    for (const [i, name] of NAMES.entries()) {
      const employeeId = `N${String(i).padStart(2, '0')}`;
      await database.run(
        sql`UPDATE staff SET first_name = ${name}, last_name = ${NAMES[NAMES.length - 1 - i]}
             WHERE employee_id = ${employeeId}`,
      );
    }
    await database.run(sql`UPDATE sites SET code = ${'-OAK'} WHERE code = ${'OAK'}`);
    await database.run(
      sql`UPDATE accounts SET email = ${'=x@district.test'}
           WHERE id = (SELECT account_id FROM staff WHERE employee_id = ${'N03'})`,
    );

    // Three completions with certificates: one kept, one revoked, one after the earlier report day.
    const assignment = async (employeeId: string) =>
      (await database.row<{ id: number; accountId: number }>(
        sql`SELECT a.id, s.account_id FROM assignments a JOIN staff s ON s.id = a.staff_id
             WHERE s.employee_id = ${employeeId}`,
      )) ?? { id: 0, accountId: 0 };
    const finished = { N01: at('2026-10-15'), N05: at('2026-11-10'), N07: at('2026-11-20') };
    for (const [employeeId, moment] of Object.entries(finished)) {
      const { id, accountId } = await assignment(employeeId);
      const key: WorkKey = { accountId, courseId: 'example' };
      const work = await progress.workOf(key);
      for (const module of work.course.modules) await progress.completeModule(key, module.id);
      await progress.attest(key);
      if (!(await progress.submitAttempt(key, RIGHT)).completion)
        throw new Error(`${employeeId} did not complete`);
      await database.run(
        sql`UPDATE assignments SET started_at = ${moment}, completed_at = ${moment} WHERE id = ${id}`,
      );
    }
    await database.run(
      sql`UPDATE certificates SET revoked_at = ${at('2026-11-21')}, revoked_reason = ${'Test'}
           WHERE assignment_id = ${(await assignment('N05')).id}`,
    );
    reports = new ReportsRepository(database);
    compliance = new ComplianceService(reports, catalog, configFor('2026-11-23'));
  }, 60_000);

  afterAll(() => close());

  const scopes: [string, Partial<ReportScope>][] = [
    ['as of today', {}],
    ['as of a day before the last completion and the revocation', { asOf: '2026-11-15' }],
    ['of one site', { site: '-OAK' }],
    ['of the overdue only', { status: 'overdue', asOf: '2026-11-01' }],
  ];

  it.each(scopes)('writes the same bytes %s', async (_name, changes) => {
    const scope: ReportScope = {
      editions: [{ courseId: 'example', edition: '2026-27' }],
      asOf: '2026-11-23',
      ...changes,
    };
    const written = await buffer(complianceCsv(reports.complianceCsv(scope)));
    const reference = await referenceCsv(reports, scope);
    expect(written.toString('utf8')).toBe(reference.toString('utf8'));
    expect(written.equals(reference)).toBe(true);
  });

  it('covers what it means to: formula starts, quotes, line breaks, empty cells, serials, offsets', async () => {
    const { body } = await compliance.csv({ courseId: 'example' });
    const text = (await buffer(body)).toString('utf8');
    expect(text).toBe(
      (
        await referenceCsv(reports, {
          editions: [{ courseId: 'example', edition: '2026-27' }],
          asOf: '2026-11-23',
        })
      ).toString('utf8'),
    );
    for (const written of [
      `'=x,`,
      `'\uFF20x`,
      `"'\rx"`,
      `"'\r"`,
      '"Line\nFeed"',
      '"a\r\nb"',
      '""""',
      `'=x@district.test`,
      `'-OAK`,
    ])
      expect([written, text.includes(written)]).toEqual([written, true]);
    // The kept certificate, the revoked one (completed, no serial), and NULLs as empty cells.
    expect(text).toMatch(/,completed,2026-10-15T15:00:00\+00:00,[A-Z0-9*~$=-]+\r\n/);
    expect(text).toContain(',completed,2026-11-10T15:00:00+00:00,\r\n');
    expect(text).toMatch(/,overdue,,\r\n/);
    // An empty name is an empty cell (two commas), never `""`.
    expect(text).toMatch(/^N\d\d,,/m);
  });
});
