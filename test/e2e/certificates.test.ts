import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadCourses } from '../../src/courses/course-loader.js';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { enrol } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const example = loadCourses(resolve('test/fixtures/courses')).courses[0];
const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };

interface Verification {
  valid: boolean;
  revoked: boolean;
  holderName: string;
  serial: string;
}

describe('certificates over HTTP', () => {
  let server: TestServer;
  let admin: Api;
  let hr: Api;
  const learners: Api[] = [];
  const serials: string[] = [];
  const anonymous = () => new Api(server.url);

  async function complete(api: Api): Promise<string> {
    for (const module of example.modules)
      await api.post(`/api/me/courses/example/modules/${module.id}/complete`);
    await api.post('/api/me/courses/example/attest');
    const attempt = await api.post<{ completion: { certificateSerial: string } }>(
      '/api/me/courses/example/quiz/attempts',
      { answers: RIGHT },
    );
    return attempt.body.completion.certificateSerial;
  }

  beforeAll(async () => {
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-09-01' });
    admin = await anonymous().login(ADMIN.email, ADMIN.password);
    const people = [
      makeStaff({
        employeeId: 'V1',
        firstName: 'Nguyễn Thị',
        lastName: 'Hồng',
        email: 'hong@district.test',
        siteCode: 'OAK',
      }),
      makeStaff({
        employeeId: 'V2',
        firstName: '小明',
        lastName: '王',
        email: 'wang@district.test',
        siteCode: 'ELM',
      }),
      makeStaff({
        employeeId: 'V3',
        firstName: 'Lee',
        lastName: 'Park',
        email: 'lee@district.test',
        siteCode: 'OAK',
      }),
      makeStaff({ employeeId: 'H1', email: 'hr@district.test', jobRole: 'administrator' }),
    ];
    const sessions = await enrol(admin, people, { H1: ['hr'] });
    learners.push(...people.slice(0, 3).map((person) => sessions.get(person.email) as Api));
    hr = sessions.get('hr@district.test') as Api;
    serials.push(await complete(learners[0]), await complete(learners[1]));
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('issues a certificate with the completion, with an unguessable grouped serial', async () => {
    expect(serials[0]).toMatch(
      /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z][0-9A-HJKMNP-TV-Z*~$=U]$/,
    );
    expect(serials[0]).not.toBe(serials[1]);
    const mine =
      await learners[0].get<{ serial: string; holderName: string; pdHours: number; courseTitle: string }[]>(
        '/api/me/certificates',
      );
    expect(mine.body).toEqual([
      expect.objectContaining({
        serial: serials[0],
        holderName: 'Nguyễn Thị Hồng',
        pdHours: 0.5,
        courseTitle: 'An Example Course',
        revoked: false,
      }),
    ]);
    const assignments = await learners[0].get<{ certificateSerial: string | null }[]>('/api/me/assignments');
    expect(assignments.body[0].certificateSerial).toBe(serials[0]);
  });

  it('lets the holder, HR and admins download the PDF, and nobody else', async () => {
    for (const api of [learners[0], hr, admin]) {
      const response = await fetch(`${server.url}/api/certificates/${serials[0]}.pdf`, {
        headers: api.authHeaders(),
      });
      expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({
        status: 200,
        type: 'application/pdf',
      });
      expect(
        Buffer.from(await response.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    }
    expect((await learners[2].get(`/api/certificates/${serials[0]}.pdf`)).status).toBe(403);
    expect((await anonymous().get(`/api/certificates/${serials[0]}.pdf`)).status).toBe(401);
  });

  it('serves the same bytes every time', async () => {
    const first = await learners[0].get<string>(`/api/certificates/${serials[0]}.pdf`);
    const second = await learners[0].get<string>(`/api/certificates/${serials[0]}.pdf`);
    expect(first.body).toBe(second.body);
  });

  it('verifies for anyone, showing only what the certificate shows, and typed loosely', async () => {
    const { status, body } = await anonymous().get<Verification>(
      `/api/verify/${serials[1].toLowerCase().replace(/-/g, ' ')}`,
    );
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual([
      'completedAt',
      'courseTitle',
      'edition',
      'holderName',
      'kind',
      'pdHours',
      'revoked',
      'revokedAt',
      'serial',
      'valid',
    ]);
    // A course's certificate, not a program's: the certificate itself says which.
    expect(body).toMatchObject({
      kind: 'course',
      valid: true,
      revoked: false,
      holderName: '小明 王',
      serial: serials[1],
    });
  });

  it('answers a plain 404 for an unknown serial, with no hint', async () => {
    const unknown = await anonymous().get<{ message: string }>('/api/verify/0000-0000-0000-00');
    const garbage = await anonymous().get<{ message: string }>('/api/verify/not-a-serial');
    expect([unknown.status, garbage.status]).toEqual([404, 404]);
    expect(unknown.body).toEqual(garbage.body);
    const page = await fetch(`${server.url}/verify/0000-0000-0000-00`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Certificate not found');
  });

  it('lets HR revoke with a reason; verification then says revoked; the learner cannot', async () => {
    expect(
      (await learners[1].post(`/api/certificates/${serials[1]}/revoke`, { reason: 'mine' })).status,
    ).toBe(403);
    const missing = await hr.post<{ message: string[] }>(`/api/certificates/${serials[1]}/revoke`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('reason must say why (at least 3 characters)');
    const revoked = await hr.post(`/api/certificates/${serials[1]}/revoke`, {
      reason: 'Completed under another person’s account',
    });
    expect(revoked).toMatchObject({ status: 200, body: { revoked: true } });
    const check = await anonymous().get<Verification>(`/api/verify/${serials[1]}`);
    expect(check.body).toMatchObject({ valid: false, revoked: true, revokedAt: expect.any(String) });
    const page = await (await fetch(`${server.url}/verify/${serials[1]}`)).text();
    expect(page).toContain('This certificate was revoked');
    const audit = await admin.get<{ action: string; target: string }[]>(
      '/api/audit?action=certificate.revoke',
    );
    expect(audit.body[0]).toMatchObject({ action: 'certificate.revoke', target: serials[1] });
  });

  it('streams a ZIP with one PDF per completion, by course and site', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-zip-'));
    try {
      const response = await fetch(`${server.url}/api/certificates/export?courseId=example&edition=2026-27`, {
        headers: hr.authHeaders(),
      });
      expect(response.headers.get('content-type')).toBe('application/zip');
      writeFileSync(join(dir, 'all.zip'), Buffer.from(await response.arrayBuffer()));
      execFileSync('unzip', ['-q', join(dir, 'all.zip'), '-d', join(dir, 'all')]);
      expect(readdirSync(join(dir, 'all')).sort()).toEqual(
        [`V1-example-2026-27-${serials[0]}.pdf`, `V2-example-2026-27-${serials[1]}.pdf`].sort(),
      );
      const oak = await fetch(
        `${server.url}/api/certificates/export?courseId=example&edition=2026-27&site=OAK`,
        {
          headers: hr.authHeaders(),
        },
      );
      writeFileSync(join(dir, 'oak.zip'), Buffer.from(await oak.arrayBuffer()));
      expect(
        execFileSync('unzip', ['-Z1', join(dir, 'oak.zip')])
          .toString()
          .trim(),
      ).toBe(`V1-example-2026-27-${serials[0]}.pdf`);
      expect(
        (await learners[0].get('/api/certificates/export?courseId=example&edition=2026-27')).status,
      ).toBe(403);
      expect((await hr.get('/api/certificates/export?courseId=example')).status).toBe(400);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
