import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { enrol } from '../support/people.js';
import { comparableText, pdfText } from '../support/pdf.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };

const PROGRAM = `---
id: mentors
edition: 2026-27
title: Mentor Certificate
summary: The example course and a practicum, for the people HR enrolls.
courses:
  - course: example
    edition: 2026-27
sessionsRequired: 0
opensOn: 2026-08-01
finishBy: 2027-06-30
pdHours: 6
practicum: I mentored a new colleague for a semester.
---
## About

One course and a practicum.
`;

interface MyProgram {
  id: string;
  status: string;
  partsDone: number;
  partsTotal: number;
  certificateSerial: string | null;
}

describe('programs (the whole app over HTTP)', () => {
  let root: string;
  let server: TestServer;
  let admin: Api;
  let hr: Api;
  let mentor: Api;
  let other: Api;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'hearth-programs-e2e-'));
    cpSync(resolve('test/fixtures/courses/example'), join(root, 'example'), { recursive: true });
    mkdirSync(join(root, 'mentors/2026-27'), { recursive: true });
    writeFileSync(join(root, 'mentors/2026-27/program.md'), PROGRAM);
    server = await startServer({ COURSES_DIR: root, HEARTH_TODAY: '2026-09-01' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const sessions = await enrol(
      admin,
      [
        makeStaff({
          employeeId: 'M1',
          firstName: 'Rosa',
          lastName: 'Okonkwo',
          email: 'mentor@district.test',
        }),
        makeStaff({ employeeId: 'M2', email: 'other@district.test' }),
        makeStaff({ employeeId: 'GONE', email: 'gone@district.test', status: 'inactive' }),
        makeStaff({ employeeId: 'HR', email: 'hr@district.test', jobRole: 'support' }),
      ].filter((person) => person.status !== 'inactive'),
      { HR: ['hr'] },
    );
    hr = sessions.get('hr@district.test') as Api;
    mentor = sessions.get('mentor@district.test') as Api;
    other = sessions.get('other@district.test') as Api;
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists the program for anyone signed in, with its parts', async () => {
    const list = await other.get<unknown[]>('/api/programs');
    expect(list.body).toEqual([
      {
        id: 'mentors',
        edition: '2026-27',
        title: 'Mentor Certificate',
        summary: 'The example course and a practicum, for the people HR enrolls.',
        courses: [{ courseId: 'example', edition: '2026-27' }],
        sessionsRequired: 0,
        practicum: true,
        opensOn: '2026-08-01',
        finishBy: '2027-06-30',
        pdHours: 6,
      },
    ]);
    // Nobody is in it until HR enrolls them: the program has no audience rule.
    expect((await mentor.get('/api/me/programs')).body).toEqual([]);
    expect((await mentor.post('/api/me/programs/mentors/2026-27/practicum')).status).toBe(403);
  });

  it('enrolls a CSV all or nothing, naming each bad line', async () => {
    const path = '/api/programs/mentors/2026-27/enrolments/import';
    const bad = await hr.post<{ errors: unknown[] }>(path, 'employee_id\nM1\nNOBODY\nM1\n', 'text/csv');
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ line: 4, column: 'employee_id', message: 'M1 is also on line 2' }]);
    const unknown = await hr.post<{ errors: unknown[] }>(path, 'employee_id\nM1\nNOBODY\n', 'text/csv');
    expect(unknown.body.errors).toEqual([
      { line: 3, column: 'employee_id', message: 'no staff member with employee id NOBODY' },
    ]);
    expect((await hr.get<unknown[]>('/api/programs/mentors/2026-27/enrolments')).body).toEqual([]);

    const good = await hr.post(path, 'employee_id,first_name\nM1,Rosa\n', 'text/csv');
    expect(good).toMatchObject({ status: 200, body: { enrolled: 1, alreadyEnrolled: 0 } });
    const again = await hr.post('/api/programs/mentors/2026-27/enrolments', { employeeIds: ['M1'] });
    expect(again.body).toEqual({ enrolled: 0, alreadyEnrolled: 1 });
    const audit = await admin.get<{ items: { action: string; target: string }[] }>(
      '/api/audit?action=program.enrol',
    );
    expect(JSON.stringify(audit.body)).toContain('program.enrol');
    expect((await hr.post('/api/programs/mentors/2026-27/enrolments', { employeeIds: [] })).status).toBe(400);
    expect((await hr.post('/api/programs/nope/2026-27/enrolments', { employeeIds: ['M1'] })).status).toBe(
      404,
    );
  });

  it('completes once every part is done, with a program certificate anyone can verify', async () => {
    const before = await mentor.get<MyProgram[]>('/api/me/programs');
    expect(before.body).toMatchObject([
      { id: 'mentors', status: 'not_started', partsDone: 0, partsTotal: 2, certificateSerial: null },
    ]);
    // The practicum first, the course last: finishing the course completes the program at once.
    const practicum = await mentor.post<MyProgram>('/api/me/programs/mentors/2026-27/practicum');
    expect(practicum.body).toMatchObject({ status: 'in_progress', partsDone: 1, certificateSerial: null });
    for (const module of ['welcome', 'hard-days'])
      await mentor.post(`/api/me/courses/example/modules/${module}/complete`);
    await mentor.post('/api/me/courses/example/attest');
    await mentor.post('/api/me/courses/example/quiz/attempts', { answers: RIGHT });
    const certificates = await mentor.get<{ serial: string; courseId: string }[]>('/api/me/certificates');
    expect(certificates.body.map((c) => c.courseId).sort()).toEqual(['example', 'mentors']);
    const serial = certificates.body.find((c) => c.courseId === 'mentors')?.serial as string;

    const done = await mentor.get<MyProgram[]>('/api/me/programs');
    expect(done.body).toMatchObject([
      { status: 'completed', partsDone: 2, partsTotal: 2, certificateSerial: serial },
    ]);
    // Confirming again changes nothing, and there is still one certificate.
    expect(
      (await mentor.post<MyProgram>('/api/me/programs/mentors/2026-27/practicum')).body.certificateSerial,
    ).toBe(serial);
    expect((await mentor.get<unknown[]>('/api/me/certificates')).body).toHaveLength(2);

    const verified = await new Api(server.url).get(`/api/verify/${serial}`);
    expect(verified.body).toMatchObject({
      kind: 'program',
      valid: true,
      courseTitle: 'Mentor Certificate',
      edition: '2026-27',
      pdHours: 6,
    });
    const pdf = await fetch(`${server.url}/api/certificates/${serial}.pdf`, {
      headers: mentor.authHeaders(),
    });
    const text = comparableText(await pdfText(new Uint8Array(await pdf.arrayBuffer())));
    for (const words of [
      'Certificate of Program Completion',
      'Rosa Okonkwo',
      'completed every part of the program',
      'Mentor Certificate (2026-27)',
    ])
      expect(text).toContain(words);

    const transcript = await mentor.get<{
      years: { entries: { kind: string; pdHours: number }[] }[];
      totalHours: number;
    }>('/api/me/transcript');
    expect(transcript.body.years[0].entries.map((e) => [e.kind, e.pdHours])).toEqual([
      ['course', 0.5],
      ['program', 6],
    ]);
    expect(transcript.body.totalHours).toBe(6.5);
    const people = await hr.get<{ employeeId: string; status: string }[]>(
      '/api/programs/mentors/2026-27/enrolments',
    );
    expect(people.body).toMatchObject([{ employeeId: 'M1', status: 'completed' }]);
    // Completed parts stay on record: HR cannot take the person out any more.
    expect((await hr.request('DELETE', '/api/programs/mentors/2026-27/enrolments/M1')).status).toBe(400);
  });
});
