import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import type { ProgressService } from '../../src/learning/progress.service.js';
import { StaffRepository } from '../../src/staff/staff.repository.js';
import { XapiRepository } from '../../src/xapi/xapi.repository.js';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { EXAMPLE_ANSWERS } from '../support/people.js';
import { learningServices } from '../support/services.js';
import { openTestDatabase } from '../support/test-database.js';

interface Row {
  statementId: string;
  eventKey: string;
  verb: string;
  statement: string | null;
  status: string;
}

describe('the xAPI outbox (real services on a database built by the migrations)', () => {
  let database: Database;
  let close: () => Promise<void>;

  beforeAll(() => {
    Logger.overrideLogger(['error']);
  });
  afterEach(() => close());

  async function learner(env: Record<string, string>) {
    ({ database, close } = await openTestDatabase());
    const config = loadConfig({
      COURSES_DIR: resolve('test/fixtures/courses'),
      HEARTH_TODAY: '2026-09-01',
      ...env,
    });
    const services = learningServices(database, config);
    const imported = await services.importer.importCsv(
      Buffer.from(
        rosterCsv([makeStaff({ employeeId: 'T1', email: 't1@district.test', jobRole: 'teacher' })]),
      ),
      { sync: false, dryRun: false },
      null,
    );
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    const member = await new StaffRepository(database).findByEmployeeId('T1');
    return {
      progress: services.progress,
      key: { accountId: member?.accountId as number, courseId: 'example' },
    };
  }

  const rows = () =>
    database.rows<Row>(
      sql`SELECT statement_id, event_key, verb, statement, status FROM xapi_statements ORDER BY id`,
    );

  async function finish(progress: ProgressService, key: { accountId: number; courseId: string }) {
    await progress.completeModule(key, 'welcome');
    await progress.completeModule(key, 'welcome');
    await progress.completeModule(key, 'hard-days');
    await progress.attest(key);
    await progress.submitAttempt(key, EXAMPLE_ANSWERS);
    // After the completion a quiz is practice: not stored, so not reported.
    await progress.submitAttempt(key, EXAMPLE_ANSWERS);
  }

  it('writes one pending statement per event, in the transaction of the change, and none twice', async () => {
    const { progress, key } = await learner({ XAPI_ENDPOINT: 'https://lrs.district.test/xapi' });
    await finish(progress, key);
    const written = await rows();
    expect(written.map((row) => [row.eventKey.replace(/\d+/g, 'N'), row.verb, row.status])).toEqual([
      ['module:N:welcome', 'completed', 'pending'],
      ['module:N:hard-days', 'completed', 'pending'],
      ['quiz:N', 'passed', 'pending'],
      ['course:N', 'completed', 'pending'],
    ]);
    for (const row of written)
      expect(JSON.parse(row.statement as string)).toMatchObject({ id: row.statementId });
  });

  it('names the person by e-mail only when XAPI_ACTOR=email says so', async () => {
    const { progress, key } = await learner({
      XAPI_ENDPOINT: 'https://lrs.district.test/xapi',
      XAPI_ACTOR: 'email',
    });
    await progress.completeModule(key, 'welcome');
    const [row] = await rows();
    expect((JSON.parse(row.statement as string) as { actor: unknown }).actor).toEqual({
      objectType: 'Agent',
      mbox: 'mailto:t1@district.test',
    });
  });

  it('writes nothing without XAPI_ENDPOINT', async () => {
    const { progress, key } = await learner({});
    await finish(progress, key);
    expect(await rows()).toEqual([]);
  });

  it('erases a statement once the store has it, keeping the row that says it was sent', async () => {
    const { progress, key } = await learner({ XAPI_ENDPOINT: 'https://lrs.district.test/xapi' });
    await progress.completeModule(key, 'welcome');
    const queue = new XapiRepository(database);
    const [claimed] = await queue.claim(new Date(Date.now() + 1000), new Date(Date.now() + 60_000), 10);
    await queue.markSent(claimed.id, new Date());
    expect(await rows()).toEqual([expect.objectContaining({ statement: null, status: 'sent' })]);
    // The same event again (the module read once more) writes nothing new.
    await progress.completeModule(key, 'welcome');
    expect(await rows()).toHaveLength(1);
    expect(await queue.counts()).toEqual({ sent: 1 });
  });
});
