import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff, makeStaffList, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { enrol, finishExampleCourse } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { openDataSource } from '../support/test-database.js';

/** Rows enough for a file (about 10 MB) far past a socket's buffers: the server is mid-file at an abort. */
const STAFF = 20_000;
const LONG = 'N'.repeat(190);

/**
 * The compliance CSV of a district streamed and abandoned: every download a client drops half-way gives
 * its database connection back (PostgreSQL's pool has ten), so the server goes on answering. In St
 * John's (UTC−02:30 in summer, −03:30 from November 1) a completion carries the day's offset.
 */
describe('compliance CSV downloads abandoned half-way (TZ=America/St_Johns)', () => {
  let server: TestServer;
  let admin: Api;
  const url = () => `${server.url}/api/reports/compliance.csv?courseId=example`;

  beforeAll(async () => {
    server = await startServer({
      COURSES_DIR: resolve('test/fixtures/courses'),
      HEARTH_TODAY: '2026-11-23',
      TZ: 'America/St_Johns',
    });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const sessions = await enrol(admin, [makeStaff({ employeeId: 'L1', email: 'learner@district.test' })]);
    await finishExampleCourse(sessions.get('learner@district.test') as Api);
    const many = makeStaffList(STAFF, (i) => ({ employeeId: `M${i}`, firstName: LONG, lastName: LONG }));
    const imported = await admin.post('/api/staff/import', rosterCsv(many), 'text/csv');
    if (imported.status !== 200)
      throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
    const dataSource = await openDataSource(server.db.target);
    try {
      await dataSource.query(`UPDATE assignments SET completed_at = '2026-11-10 15:00:00.000'
        WHERE completed_at IS NOT NULL`);
    } finally {
      await dataSource.destroy();
    }
  }, 300_000);

  // A busy machine once took over 30 s to stop the server after the import.
  afterAll(async () => {
    await server?.stop();
  }, 60_000);

  it('answers after 15 downloads dropped after their first piece, with the whole file', async () => {
    for (let i = 0; i < 15; i++) {
      const abort = new AbortController();
      const response = await fetch(url(), { headers: admin.authHeaders(), signal: abort.signal });
      expect(response.status).toBe(200);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      abort.abort();
      await reader.closed.catch(() => undefined);
    }
    expect((await admin.get('/api/health')).status).toBe(200);
    const response = await fetch(url(), { headers: admin.authHeaders() });
    const text = await response.text();
    const rows = text.split('\r\n').slice(1, -1);
    expect(rows.length).toBe(STAFF + 1);
    expect(text.length).toBeGreaterThan(8_000_000);
    const learner = rows.find((row) => row.startsWith('L1,'))?.split(',');
    expect(learner?.slice(9, 11)).toEqual(['completed', '2026-11-10T11:30:00-03:30']);
  });
});
