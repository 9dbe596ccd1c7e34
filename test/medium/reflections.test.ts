import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import { ReflectionsRepository } from '../../src/learning/reflections.repository.js';
import { ReflectionsService } from '../../src/learning/reflections.service.js';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { learningServices } from '../support/services.js';
import { openTestDatabase } from '../support/test-database.js';

const SECRET = 'I still flinch when a door slams.';

describe('reflections on a real database (SQLite, or PostgreSQL with DATABASE_URL)', () => {
  let database: Database;
  let close: () => Promise<void>;
  let reflections: ReflectionsService;
  let account: number;

  beforeEach(async () => {
    ({ database, close } = await openTestDatabase());
    const config = loadConfig({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-09-01' });
    const services = learningServices(database, config);
    const result = await services.importer.importCsv(
      Buffer.from(rosterCsv([makeStaff({ employeeId: 'R1' })])),
      { sync: false, dryRun: false },
      null,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    reflections = new ReflectionsService(
      new ReflectionsRepository(database),
      services.progress,
      services.followUps,
      services.catalog,
      config,
    );
    account = Number(
      (await database.row<{ accountId: number }>(sql`SELECT account_id FROM staff WHERE employee_id = 'R1'`))
        ?.accountId,
    );
  });
  afterEach(() => close());

  it('keeps one row per person and module, replaced on each save, gone when emptied, and never in the audit log', async () => {
    await reflections.save(account, 'example', 'welcome', 'First thought.');
    await reflections.save(account, 'example', 'welcome', `  ${SECRET}\r\n`);
    const rows = await database.rows(
      sql`SELECT account_id, course_id, edition, module_id, body FROM reflections`,
    );
    expect(rows).toEqual([
      { accountId: account, courseId: 'example', edition: '2026-27', moduleId: 'welcome', body: SECRET },
    ]);
    const audit = await database.rows<{ action: string; details: string | null }>(
      sql`SELECT action, details FROM audit_entries`,
    );
    expect(
      audit.filter(
        (a) => `${a.action} ${a.details ?? ''}`.includes('flinch') || a.action.includes('reflection'),
      ),
    ).toEqual([]);
    expect(await reflections.save(account, 'example', 'welcome', '   ')).toEqual({ saved: false });
    expect(await database.rows(sql`SELECT id FROM reflections`)).toEqual([]);
  });
});
