import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import type { Principal } from '../../src/identity/principal.js';
import type { ProgressService } from '../../src/learning/progress.service.js';
import { ProgramsRepository } from '../../src/programs/programs.repository.js';
import { ProgramsService } from '../../src/programs/programs.service.js';
import { AttendanceService } from '../../src/sessions/attendance.service.js';
import { RegistrationsService } from '../../src/sessions/registrations.service.js';
import { SessionAudience } from '../../src/sessions/session-audience.js';
import { SessionMail } from '../../src/sessions/session-mail.js';
import { MailOutbox } from '../../src/mail/mail-outbox.js';
import { MailRepository } from '../../src/mail/mail.repository.js';
import { SessionsService } from '../../src/sessions/sessions.service.js';
import { TrainingSessionsRepository } from '../../src/sessions/training-sessions.repository.js';
import { TranscriptsRepository } from '../../src/transcripts/transcripts.repository.js';
import { TranscriptsService } from '../../src/transcripts/transcripts.service.js';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { learningServices } from '../support/services.js';
import { openTestDatabase } from '../support/test-database.js';

const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };
const HR = { accountId: 0, email: 'hr@district.test' };

const PROGRAM = `---
id: mentors
edition: 2026-27
title: Mentor Certificate
summary: The example course, one session and a practicum.
courses:
  - course: example
    edition: 2026-27
sessionsRequired: 1
opensOn: 2026-08-01
finishBy: 2027-06-30
pdHours: 6
practicum: I mentored a new colleague for a semester.
---
One course, one session and a practicum.
`;

describe('programs and transcripts on a real database (SQLite, or PostgreSQL with DATABASE_URL)', () => {
  let root: string;
  let database: Database;
  let close: () => Promise<void>;
  let programs: ProgramsService;
  let transcripts: TranscriptsService;
  let progress: ProgressService;
  let sessions: SessionsService;
  let registrations: RegistrationsService;
  let attendance: AttendanceService;

  const accountOf = async (employeeId: string) =>
    (
      await database.row<{ accountId: number }>(
        sql`SELECT account_id FROM staff WHERE employee_id = ${employeeId}`,
      )
    )?.accountId ?? 0;
  const as = async (employeeId: string, roles: Principal['roles'] = ['learner']): Promise<Principal> => ({
    accountId: await accountOf(employeeId),
    email: `${employeeId}@district.test`,
    roles,
    sessionId: 0,
  });
  const count = async (query: ReturnType<typeof sql>) =>
    Number((await database.row<{ n: number }>(query))?.n);

  beforeAll(() => {
    Logger.overrideLogger(['error']);
  });

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'hearth-programs-medium-'));
    cpSync(resolve('test/fixtures/courses/example'), join(root, 'example'), { recursive: true });
    mkdirSync(join(root, 'mentors/2026-27'), { recursive: true });
    writeFileSync(join(root, 'mentors/2026-27/program.md'), PROGRAM);
    ({ database, close } = await openTestDatabase());
    const config = loadConfig({ COURSES_DIR: root, HEARTH_TODAY: '2026-09-01' });
    const services = learningServices(database, config);
    progress = services.progress;
    const result = await services.importer.importCsv(
      Buffer.from(
        rosterCsv([
          makeStaff({ employeeId: 'M1', firstName: 'Rosa', lastName: 'Okonkwo' }),
          makeStaff({ employeeId: 'M2' }),
          makeStaff({ employeeId: 'TR', jobRole: 'support' }),
          makeStaff({ employeeId: 'GONE', status: 'inactive' }),
        ]),
      ),
      { sync: false, dryRun: false },
      null,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const sessionsRepository = new TrainingSessionsRepository(database);
    programs = new ProgramsService(
      database,
      new ProgramsRepository(database),
      services.staff,
      services.catalog,
      services.audit,
      config,
    );
    transcripts = new TranscriptsService(
      new TranscriptsRepository(database),
      services.staff,
      sessionsRepository,
      config,
    );
    sessions = new SessionsService(
      database,
      sessionsRepository,
      new SessionAudience(sessionsRepository, programs),
      new SessionMail(sessionsRepository, new MailOutbox(new MailRepository(database), config), config),
      services.catalog,
      services.audit,
      config,
    );
    registrations = new RegistrationsService(
      database,
      sessionsRepository,
      new SessionAudience(sessionsRepository, programs),
      new SessionMail(sessionsRepository, new MailOutbox(new MailRepository(database), config), config),
      services.audit,
      config,
    );
    attendance = new AttendanceService(database, sessionsRepository, sessions, services.audit, config);
  });

  afterEach(async () => {
    await close();
    rmSync(root, { recursive: true, force: true });
  });

  it('enrolls a CSV all or nothing: a bad line leaves no row and no audit entry', async () => {
    const csv = (text: string) => programs.enrolCsv('mentors', '2026-27', Buffer.from(text), HR);
    await expect(csv('employee_id\nM1\nGONE\nNOBODY\n')).rejects.toMatchObject({
      response: {
        errors: [
          { line: 3, column: 'employee_id', message: 'GONE has left (roster status inactive)' },
          { line: 4, column: 'employee_id', message: 'no staff member with employee id NOBODY' },
        ],
      },
    });
    expect(await count(sql`SELECT COUNT(*) AS n FROM program_enrolments`)).toBe(0);
    expect(await count(sql`SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'program.enrol'`)).toBe(0);
    expect(await csv('employee_id\nM1\nM2\n')).toEqual({ enrolled: 2, alreadyEnrolled: 0 });
    expect(await csv('employee_id\nM2\n')).toEqual({ enrolled: 0, alreadyEnrolled: 1 });
    expect(await count(sql`SELECT COUNT(*) AS n FROM program_enrolments`)).toBe(2);
    expect(await count(sql`SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'program.enrol'`)).toBe(2);
  });

  it('counts an attended session of the program, completes once, and totals every kind on the transcript', async () => {
    await programs.enrol(programs.find('mentors', '2026-27'), [{ employeeId: 'M1', line: 1 }], HR);
    const key = { accountId: await accountOf('M1'), courseId: 'example' };
    for (const module of ['welcome', 'hard-days']) await progress.completeModule(key, module);
    await progress.attest(key);
    await progress.submitAttempt(key, RIGHT);

    const trainer = await as('TR', ['trainer']);
    const { id } = await sessions.schedule(
      {
        title: 'Mentoring practice',
        programId: 'mentors',
        startsAt: '2026-09-10T15:30:00-07:00',
        endsAt: '2026-09-10T17:00:00-07:00',
        location: 'District office, room 2',
        capacity: 10,
        pdHours: 1.5,
      },
      trainer,
    );
    // A program's session is for the people in the program.
    await expect(registrations.register(id, await as('M2'))).rejects.toMatchObject({ status: 403 });
    await registrations.register(id, await as('M1'));
    // Under way: moved to a day already passed, so attendance can be taken.
    await database.run(
      sql`UPDATE training_sessions SET starts_at = ${new Date('2026-08-20T16:00:00Z')},
            ends_at = ${new Date('2026-08-20T17:30:00Z')} WHERE id = ${id}`,
    );
    const before = await programs.mine(await accountOf('M1'));
    expect(before[0].progress).toMatchObject({
      partsDone: 1,
      partsTotal: 3,
      sessions: { required: 1, attended: 0 },
    });
    await attendance.record(id, trainer, ['M1']);
    expect((await programs.mine(await accountOf('M1')))[0].progress.sessions.attended).toBe(1);

    // Two confirmations at once: one completion, one certificate.
    const both = await Promise.all([
      programs.attestPracticum(await accountOf('M1'), 'mentors', '2026-27'),
      programs.attestPracticum(await accountOf('M1'), 'mentors', '2026-27'),
    ]);
    expect(both.map((b) => b.progress.status)).toEqual(['completed', 'completed']);
    expect(both[0].certificateSerial).toBe(both[1].certificateSerial);
    expect(
      await count(sql`SELECT COUNT(*) AS n FROM certificates WHERE program_enrolment_id IS NOT NULL`),
    ).toBe(1);

    const transcript = await transcripts.ofEmployee('M1');
    expect(transcript.years).toHaveLength(1);
    expect(transcript.years[0].entries.map((e) => [e.day, e.kind, e.pdHours])).toEqual([
      ['2026-08-20', 'session', 1.5],
      ['2026-09-01', 'course', 0.5],
      ['2026-09-01', 'program', 6],
    ]);
    expect(transcript.years[0].hours).toEqual({ course: 0.5, session: 1.5, program: 6, total: 8 });
    expect(transcript.totalHours).toBe(8);

    const file = transcripts.hoursCsv('2026-27');
    let text = '';
    for await (const chunk of file.body) text += String(chunk);
    const rows = parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { columns: true });
    expect(rows.find((r) => r.employee_id === 'M1')).toMatchObject({
      course_hours: '0.5',
      session_hours: '1.5',
      program_hours: '6',
      total_hours: '8',
    });
    expect(rows.find((r) => r.employee_id === 'M2')?.total_hours).toBe('0');
    expect(rows.some((r) => r.employee_id === 'GONE')).toBe(false);
  });
});

describe('the shipped CARMA practitioner certification', () => {
  it('completes for a person who does every part, with a certificate that verifies', async () => {
    const { database, close } = await openTestDatabase();
    try {
      const config = loadConfig({ COURSES_DIR: resolve('courses'), HEARTH_TODAY: '2026-11-23' });
      const services = learningServices(database, config);
      const imported = await services.importer.importCsv(
        Buffer.from(
          rosterCsv([
            makeStaff({ employeeId: 'C1', jobRole: 'counselor' }),
            makeStaff({ employeeId: 'TR', jobRole: 'support' }),
          ]),
        ),
        { sync: false, dryRun: false },
        null,
      );
      if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
      const programs = new ProgramsService(
        database,
        new ProgramsRepository(database),
        services.staff,
        services.catalog,
        services.audit,
        config,
      );
      const program = programs.find('carma-practitioner', '2026-27');
      expect(program.courses.map((c) => c.courseId)).toEqual(['healing-centered', 'carma']);
      await programs.enrol(program, [{ employeeId: 'C1', line: 1 }], HR);
      const account = Number(
        (
          await database.row<{ accountId: number }>(
            sql`SELECT account_id FROM staff WHERE employee_id = 'C1'`,
          )
        )?.accountId,
      );

      for (const { courseId } of program.courses) {
        const key = { accountId: account, courseId };
        const work = await services.progress.workOf(key);
        for (const module of work.course.modules) await services.progress.completeModule(key, module.id);
        await services.progress.attest(key);
        const answers = Object.fromEntries(
          work.course.quiz.map((q) => [q.id, q.type === 'single' ? q.answer[0] : q.answer]),
        );
        expect((await services.progress.submitAttempt(key, answers)).completion).not.toBeNull();
      }
      // Eight sessions of the program, attended (written as the attendance sheet writes them).
      const repository = new TrainingSessionsRepository(database);
      const staff = await repository.staffByEmployeeIds(['C1']);
      for (let i = 0; i < program.sessionsRequired; i++) {
        const id = await repository.create(
          {
            title: `Cohort session ${i + 1}`,
            courseId: null,
            programId: program.id,
            startsAt: new Date(Date.UTC(2026, 8, 1 + i * 7, 20)),
            endsAt: new Date(Date.UTC(2026, 8, 1 + i * 7, 22)),
            location: 'District office',
            capacity: 20,
            pdHoursX100: 200,
          },
          new Date('2026-08-20T00:00:00Z'),
        );
        await repository.replaceAttendance(
          id,
          [staff.get('C1')?.id as number],
          new Date(Date.UTC(2026, 8, 1 + i * 7, 22)),
        );
      }
      expect((await programs.mine(account))[0].progress).toMatchObject({
        partsDone: 3,
        partsTotal: 4,
        status: 'in_progress',
      });
      const done = await programs.attestPracticum(account, program.id, program.edition);
      expect(done.progress.status).toBe('completed');
      const verified = await database.row<{
        courseTitle: string;
        pdHoursX100: number;
        revokedAt: Date | null;
      }>(
        sql`SELECT course_title, pd_hours_x100, revoked_at FROM certificates WHERE serial = ${done.certificateSerial}`,
      );
      expect(verified).toEqual({
        courseTitle: 'CARMA Practitioner Certification',
        pdHoursX100: 2000,
        revokedAt: null,
      });
    } finally {
      await close();
    }
  });
});
