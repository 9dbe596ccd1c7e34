import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { Transcript } from '../../src/transcripts/transcript.js';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { enrol, finishExampleCourse, TEST_PASSWORD } from '../support/people.js';
import { comparableText, pdfText } from '../support/pdf.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

describe('PD transcripts (the whole app over HTTP)', () => {
  let server: TestServer;
  let admin: Api;
  let learner: Api;
  let hr: Api;
  let serial: string;

  beforeAll(async () => {
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-09-01' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const sessions = await enrol(
      admin,
      [
        makeStaff({ employeeId: 'T1', firstName: 'José', lastName: 'Begay', email: 'jose@district.test' }),
        makeStaff({ employeeId: 'T2', firstName: 'Ada', lastName: 'Quinn', email: 'ada@district.test' }),
        makeStaff({ employeeId: 'HR', email: 'hr@district.test', jobRole: 'support' }),
      ],
      { HR: ['hr'] },
    );
    learner = sessions.get('jose@district.test') as Api;
    hr = sessions.get('hr@district.test') as Api;
    serial = await finishExampleCourse(learner);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('lists a completed course in its school year, with its hours and certificate', async () => {
    const mine = await learner.get<Transcript>('/api/me/transcript');
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      employeeId: 'T1',
      name: 'José Begay',
      years: [
        {
          schoolYear: '2026-27',
          entries: [
            { kind: 'course', title: 'An Example Course (2026-27)', day: '2026-09-01', pdHours: 0.5, serial },
          ],
          hours: { course: 0.5, session: 0, program: 0, total: 0.5 },
        },
      ],
      totalHours: 0.5,
    });
    expect((await hr.get('/api/staff/T1/transcript')).body).toEqual(mine.body);
    expect((await hr.get('/api/staff/NOBODY/transcript')).status).toBe(404);
    // The admin of these tests has no staff record, so no transcript of their own.
    expect((await admin.get('/api/me/transcript')).status).toBe(404);
  });

  it('prints the same in the PDF', async () => {
    const response = await fetch(`${server.url}/api/me/transcript.pdf`, { headers: learner.authHeaders() });
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="transcript-T1.pdf"');
    const text = comparableText(await pdfText(new Uint8Array(await response.arrayBuffer())));
    for (const expected of [
      'Professional development transcript',
      'José Begay · employee T1',
      '0.5 PD hours in all',
      'School year 2026-27',
      'An Example Course (2026-27)',
      `Certificate ${serial}`,
      'Total for 2026-27 0.5',
    ])
      expect(text).toContain(expected);
  });

  it('gives HR everyone’s hours for a school year as CSV, and refuses a year that is not one', async () => {
    const csv = await hr.get<string>('/api/reports/pd-hours.csv?schoolYear=2026-27');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="pd-hours-2026-27.csv"');
    const rows = parse<Record<string, string>>(csv.body.replace(/^\uFEFF/, ''), { columns: true });
    expect(rows.map((r) => [r.school_year, r.employee_id, r.course_hours, r.total_hours])).toEqual(
      expect.arrayContaining([
        ['2026-27', 'T1', '0.5', '0.5'],
        ['2026-27', 'T2', '0', '0'],
      ]),
    );
    const before = await hr.get<string>('/api/reports/pd-hours.csv?schoolYear=2025-26');
    const earlier = parse<Record<string, string>>(before.body.replace(/^\uFEFF/, ''), { columns: true });
    expect(earlier.find((r) => r.employee_id === 'T1')?.total_hours).toBe('0');
    const bad = await hr.get<{ message: string[] }>('/api/reports/pd-hours.csv?schoolYear=2026-28');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain(
      'schoolYear must be a school year written like 2026-27 (found \\"2026-28\\")',
    );
  });

  it('shows the transcript as a page to its owner, and to HR from the staff record', async () => {
    const pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post('/login', [
      ['email', 'jose@district.test'],
      ['password', TEST_PASSWORD],
      ['next', '/'],
    ]);
    const page = await pages.get('/transcript');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<h1>My PD transcript</h1>');
    expect(page.html).toContain('School year 2026-27');
    // Handlebars writes a serial's check symbol = as &#x3D; in an attribute (1 serial in 37).
    expect(page.html).toContain(`href="/verify/${serial.replace(/=/g, '&#x3D;')}"`);
    expect((await pages.get('/hr/staff/T1/transcript')).status).toBe(403);
  });

  it('drops a revoked certificate’s hours', async () => {
    expect(
      (await hr.post(`/api/certificates/${serial}/revoke`, { reason: 'Issued in error' })).status,
    ).toBeLessThan(300);
    const after = await learner.get<Transcript>('/api/me/transcript');
    expect(after.body).toMatchObject({ years: [], totalHours: 0 });
  });
});
