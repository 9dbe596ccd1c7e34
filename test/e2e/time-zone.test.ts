import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDataSource } from '../support/test-database.js';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { enrol } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };

/**
 * Days are the district's: the server's time zone (TZ) decides both today and the day a course was
 * finished on. Kiritimati is UTC+14, so 15:00 UTC on November 10 is 05:00 on November 11 there.
 */
describe('days in the server’s time zone (TZ=Pacific/Kiritimati)', () => {
  let server: TestServer;
  let hr: Api;
  let serial: string;

  beforeAll(async () => {
    server = await startServer({
      COURSES_DIR: resolve('test/fixtures/courses'),
      HEARTH_TODAY: '2026-11-23',
      TZ: 'Pacific/Kiritimati',
    });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const people = [
      makeStaff({ employeeId: 'L1', email: 'learner@district.test', siteCode: 'LIN' }),
      makeStaff({ employeeId: 'HR', email: 'hr@district.test', jobRole: 'support' }),
    ];
    const sessions = await enrol(admin, people, { HR: ['hr'] });
    const learner = sessions.get('learner@district.test') as Api;
    hr = sessions.get('hr@district.test') as Api;
    for (const module of ['welcome', 'hard-days'])
      await learner.post(`/api/me/courses/example/modules/${module}/complete`);
    await learner.post('/api/me/courses/example/attest');
    const passed = await learner.post<{ completion: { certificateSerial: string } }>(
      '/api/me/courses/example/quiz/attempts',
      { answers: RIGHT },
    );
    serial = passed.body.completion.certificateSerial;

    // The course was finished (and an audit entry written) at 15:00 UTC on November 10: both databases
    // keep moments in UTC.
    const dataSource = await openDataSource(server.db.target);
    try {
      const at = '2026-11-10 15:00:00.000';
      await dataSource.query(`UPDATE assignments SET started_at = '${at}', completed_at = '${at}'`);
      await dataSource.query(`UPDATE certificates SET completed_at = '${at}'`);
      await dataSource.query(
        `INSERT INTO audit_entries (at, actor_email, action, target) VALUES ('${at}', '${ADMIN.email}', 'test.at', 'then')`,
      );
    } finally {
      await dataSource.destroy();
    }
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('counts a completion on the local day it happened', async () => {
    const completedAsOf = async (asOf: string) =>
      (
        await hr.get<{ totals: { completed: number; inProgress: number } }>(
          `/api/reports/compliance?courseId=example&site=LIN&asOf=${asOf}`,
        )
      ).body.totals;
    expect(await completedAsOf('2026-11-10')).toMatchObject({ completed: 0, inProgress: 0 });
    expect(await completedAsOf('2026-11-11')).toMatchObject({ completed: 1 });
  });

  it('writes the completion moment in the CSV on its local day, with the offset', async () => {
    const response = await fetch(`${server.url}/api/reports/compliance.csv?courseId=example&site=LIN`, {
      headers: hr.authHeaders(),
    });
    const [, row] = (await response.text()).split('\r\n');
    expect(row.split(',')[10]).toBe('2026-11-11T05:00:00+14:00');
  });

  it('filters the audit log by local days', async () => {
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const found = async (query: string) =>
      (await admin.get<{ target: string }[]>(`/api/audit?action=test.at&${query}`)).body.map((e) => e.target);
    expect(await found('from=2026-11-11&to=2026-11-11')).toEqual(['then']);
    expect(await found('to=2026-11-10')).toEqual([]);
    expect(await found('from=2026-11-12')).toEqual([]);
  });

  it('shows that local day on the certificate, its verification and the staff record', async () => {
    const verified = await fetch(`${server.url}/verify/${serial}`);
    expect(await verified.text()).toContain('November 11, 2026');
    const pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post('/login', [
      ['email', ADMIN.email],
      ['password', ADMIN.password],
      ['next', '/'],
    ]);
    expect((await pages.get('/hr/staff/L1')).html).toContain('November 11, 2026');
  });
});
