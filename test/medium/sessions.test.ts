import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import type { Principal } from '../../src/identity/principal.js';
import type { Role } from '../../src/identity/roles.js';
import { AttendanceService } from '../../src/sessions/attendance.service.js';
import type { CreateSessionDto } from '../../src/sessions/dto/session.dto.js';
import { RegistrationsService } from '../../src/sessions/registrations.service.js';
import { SessionAudience } from '../../src/sessions/session-audience.js';
import { SessionMail } from '../../src/sessions/session-mail.js';
import { MailOutbox } from '../../src/mail/mail-outbox.js';
import { MailRepository } from '../../src/mail/mail.repository.js';
import { SessionsService } from '../../src/sessions/sessions.service.js';
import { TrainingSessionsRepository } from '../../src/sessions/training-sessions.repository.js';
import { makeStaff, makeStaffList, type RosterFields, rosterCsv } from '../factories/staff.factory.js';
import { learningServices } from '../support/services.js';
import { openTestDatabase } from '../support/test-database.js';

const FIXTURE = resolve('test/fixtures/courses');
// The example course (teachers and paraprofessionals) is open on this day.
const TODAY = '2026-09-01';

describe('sessions on a real database', () => {
  let database: Database;
  let close: () => Promise<void>;
  let config: AppConfig;
  let repository: TrainingSessionsRepository;
  let sessions: SessionsService;
  let registrations: RegistrationsService;
  let attendance: AttendanceService;

  beforeAll(() => {
    Logger.overrideLogger(['error']);
  });
  afterEach(() => close());

  /** A database with this roster imported (assignments made as the server makes them). */
  async function district(roster: RosterFields[]) {
    ({ database, close } = await openTestDatabase());
    config = loadConfig({ COURSES_DIR: FIXTURE, HEARTH_TODAY: TODAY, PUBLIC_URL: 'https://pd.example' });
    const { importer, catalog } = learningServices(database, config);
    const result = await importer.importCsv(
      Buffer.from(rosterCsv(roster)),
      { sync: false, dryRun: false },
      null,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const audit = new AuditService(new AuditRepository(database));
    repository = new TrainingSessionsRepository(database);
    sessions = new SessionsService(
      database,
      repository,
      new SessionAudience(repository),
      new SessionMail(repository, new MailOutbox(new MailRepository(database), config), config),
      catalog,
      audit,
      config,
    );
    registrations = new RegistrationsService(
      database,
      repository,
      new SessionAudience(repository),
      new SessionMail(repository, new MailOutbox(new MailRepository(database), config), config),
      audit,
      config,
    );
    attendance = new AttendanceService(database, repository, sessions, audit, config);
  }

  /** The signed-in person behind an employee id. */
  async function as(employeeId: string, roles: Role[] = ['learner']): Promise<Principal> {
    const row = await database.row<{ accountId: number; email: string }>(
      sql`SELECT s.account_id, a.email FROM staff s JOIN accounts a ON a.id = s.account_id
           WHERE s.employee_id = ${employeeId}`,
    );
    if (!row) throw new Error(`No staff ${employeeId}`);
    return { accountId: row.accountId, email: row.email, roles, sessionId: 0 };
  }

  const session = (overrides: Partial<CreateSessionDto> = {}): CreateSessionDto => ({
    title: 'Calm classrooms',
    startsAt: '2026-09-10T15:30:00-07:00',
    endsAt: '2026-09-10T17:00:00-07:00',
    location: 'Lincoln Elementary, library',
    capacity: 3,
    pdHours: 1.5,
    ...overrides,
  });

  /** The messages in the outbox, oldest first. */
  const mailTo = () =>
    database.rows<{ kind: string; to: string; subject: string }>(
      sql`SELECT kind, to_address AS "to", subject FROM mail_messages ORDER BY id`,
    );

  const statuses = async (sessionId: number) =>
    database.rows<{ employeeId: string; status: string }>(
      sql`SELECT s.employee_id, r.status FROM session_registrations r JOIN staff s ON s.id = r.staff_id
           WHERE r.session_id = ${sessionId} ORDER BY r.id`,
    );

  it('seats exactly three of 50 people who ask at once for the last three seats, and wait-lists the rest', async () => {
    await district([makeStaff({ employeeId: 'TR' }), ...makeStaffList(52, (i) => ({ employeeId: `P${i}` }))]);
    const trainer = await as('TR', ['learner', 'trainer']);
    const { id } = await sessions.schedule(session({ capacity: 5 }), trainer);
    for (const early of ['P50', 'P51']) await registrations.register(id, await as(early));
    const people = await Promise.all(Array.from({ length: 50 }, (_, i) => as(`P${i}`)));
    const results = await Promise.all(people.map((person) => registrations.register(id, person)));
    expect(results.filter((r) => r.status === 'registered')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'waitlisted')).toHaveLength(47);
    expect(results.every((r) => r.created)).toBe(true);
    const rows = await statuses(id);
    expect(rows.filter((r) => r.status === 'registered')).toHaveLength(5);
    expect(rows.filter((r) => r.status === 'waitlisted')).toHaveLength(47);
    // The seats went to the first who asked: nobody registered after someone who waits.
    const firstWaiting = rows.findIndex((r) => r.status === 'waitlisted');
    expect(rows.slice(firstWaiting).every((r) => r.status === 'waitlisted')).toBe(true);
    const [view] = await sessions.list(trainer, TODAY, '2026-09-30');
    expect(view).toMatchObject({ id, seatsLeft: 0, waitlisted: 47 });
  });

  it('gives a freed seat to the first on the wait-list, and keeps the others waiting in order', async () => {
    await district(makeStaffList(4, (i) => ({ employeeId: `P${i}` })));
    const { id } = await sessions.schedule(session({ capacity: 1 }), await as('P0', ['trainer']));
    for (const person of ['P0', 'P1', 'P2', 'P3']) await registrations.register(id, await as(person));
    const result = await registrations.cancel(id, await as('P0'));
    expect(result.promoted).toEqual(['P1']);
    expect(await statuses(id)).toEqual([
      { employeeId: 'P0', status: 'cancelled' },
      { employeeId: 'P1', status: 'registered' },
      { employeeId: 'P2', status: 'waitlisted' },
      { employeeId: 'P3', status: 'waitlisted' },
    ]);
    // Someone who waits and gives up frees no seat: nobody moves.
    expect((await registrations.cancel(id, await as('P2'))).promoted).toEqual([]);
    expect((await statuses(id)).find((r) => r.employeeId === 'P3')?.status).toBe('waitlisted');
    // The person seated is told by mail; nobody else is.
    expect(await mailTo()).toEqual([
      { kind: 'session-seat', to: 'p1@district.test', subject: 'You have a seat: Calm classrooms' },
    ]);
  });

  it('answers a second registration with the place already held, and puts a returning person at the back', async () => {
    await district(makeStaffList(3, (i) => ({ employeeId: `P${i}` })));
    const { id } = await sessions.schedule(session({ capacity: 1 }), await as('P0', ['trainer']));
    expect(await registrations.register(id, await as('P0'))).toMatchObject({
      status: 'registered',
      created: true,
    });
    expect(await registrations.register(id, await as('P0'))).toMatchObject({
      status: 'registered',
      created: false,
    });
    await registrations.register(id, await as('P1'));
    await registrations.cancel(id, await as('P1'));
    await registrations.register(id, await as('P2'));
    // P1 asks again after P2: P1 waits behind P2.
    await registrations.register(id, await as('P1'));
    await registrations.cancel(id, await as('P0'));
    expect((await statuses(id)).map((r) => `${r.employeeId} ${r.status}`)).toEqual([
      'P0 cancelled',
      'P2 registered',
      'P1 waitlisted',
    ]);
  });

  it('refuses a capacity below the seats taken, naming capacity, and seats those who wait when it grows', async () => {
    await district(makeStaffList(4, (i) => ({ employeeId: `P${i}` })));
    const trainer = await as('P0', ['trainer']);
    const { id } = await sessions.schedule(session({ capacity: 2 }), trainer);
    for (const person of ['P0', 'P1', 'P2', 'P3']) await registrations.register(id, await as(person));
    await expect(sessions.update(id, { capacity: 1 }, trainer)).rejects.toMatchObject({
      response: expect.objectContaining({ message: [expect.stringMatching(/^capacity must be at least 2/)] }),
    });
    await sessions.update(id, { capacity: 3 }, trainer);
    expect((await statuses(id)).map((r) => r.status)).toEqual([
      'registered',
      'registered',
      'registered',
      'waitlisted',
    ]);
  });

  it('refuses bad times, an unknown course, a program and an unknown facilitator, naming each field', async () => {
    await district([makeStaff({ employeeId: 'TR' })]);
    const trainer = await as('TR', ['trainer']);
    await expect(
      sessions.schedule(
        session({
          courseId: 'nope',
          programId: 'x',
          startsAt: '2026-08-01T10:00:00Z',
          endsAt: '2026-08-01T09:00:00Z',
          facilitatorEmployeeIds: ['GHOST'],
        }),
        trainer,
      ),
    ).rejects.toMatchObject({
      response: expect.objectContaining({
        message: [
          'programId: no program "x"',
          'courseId: no course "nope" is loaded',
          'endsAt must be after startsAt',
          'startsAt must be in the future',
        ],
      }),
    });
    await expect(
      sessions.schedule(session({ facilitatorEmployeeIds: ['GHOST'] }), trainer),
    ).rejects.toMatchObject({
      response: expect.objectContaining({ message: ['facilitatorEmployeeIds: no staff member "GHOST"'] }),
    });
    expect(await database.rows(sql`SELECT id FROM training_sessions`)).toEqual([]);
  });

  it('opens a course’s session only to staff assigned the course', async () => {
    await district([
      makeStaff({ employeeId: 'T1', jobRole: 'teacher' }),
      makeStaff({ employeeId: 'S1', jobRole: 'support' }),
    ]);
    const { id } = await sessions.schedule(session({ courseId: 'example' }), await as('T1', ['trainer']));
    expect((await registrations.register(id, await as('T1'))).status).toBe('registered');
    await expect(registrations.register(id, await as('S1'))).rejects.toMatchObject({ status: 403 });
    const [forSupport] = await sessions.list(await as('S1'), TODAY, '2026-09-30');
    expect(forSupport.open).toBe(false);
  });

  it('cancelling a session frees every seat and place on the wait-list, and refuses new registrations', async () => {
    await district(makeStaffList(3, (i) => ({ employeeId: `P${i}` })));
    const trainer = await as('P0', ['trainer']);
    const { id } = await sessions.schedule(session({ capacity: 1 }), trainer);
    await registrations.register(id, await as('P0'));
    await registrations.register(id, await as('P1'));
    await sessions.cancel(id, trainer);
    expect((await statuses(id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    // Both who held a place, the seat and the wait-list alike, are told.
    expect((await mailTo()).map((m) => [m.kind, m.to])).toEqual([
      ['session-cancelled', 'p0@district.test'],
      ['session-cancelled', 'p1@district.test'],
    ]);
    await expect(registrations.register(id, await as('P2'))).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('cancelled'),
    });
    const audit = await database.rows<{ action: string }>(sql`SELECT action FROM audit_entries ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['session.schedule', 'session.cancel']),
    );
  });

  it('records attendance all or nothing, walk-ins included, and lists it for the transcript', async () => {
    await district([
      ...makeStaffList(3, (i) => ({ employeeId: `P${i}` })),
      makeStaff({ employeeId: 'GONE', status: 'inactive' }),
    ]);
    const trainer = await as('P0', ['trainer']);
    // Scheduled ahead, then under way: the clock is moved onto the session's day.
    const { id } = await sessions.schedule(session({ pdHours: 1.25 }), trainer);
    await registrations.register(id, await as('P1'));
    await database.run(
      sql`UPDATE training_sessions SET starts_at = ${new Date('2026-08-20T16:00:00Z')},
            ends_at = ${new Date('2026-08-20T17:15:00Z')} WHERE id = ${id}`,
    );
    await expect(attendance.record(id, trainer, ['P1', 'GONE', 'NOBODY'])).rejects.toMatchObject({
      response: expect.objectContaining({
        message: [
          'attended: "GONE" is neither registered for this session nor active staff',
          'attended: "NOBODY" is neither registered for this session nor active staff',
        ],
      }),
    });
    expect(await repository.attendees(id)).toEqual([]);
    expect(await attendance.record(id, trainer, ['P1', 'P2'])).toEqual({ attended: 2 });
    const p2 = await database.row<{ id: number }>(sql`SELECT id FROM staff WHERE employee_id = 'P2'`);
    expect(await repository.attendedBy(p2?.id ?? 0)).toEqual([
      expect.objectContaining({ sessionId: id, title: 'Calm classrooms', pdHoursX100: 125 }),
    ]);
    // A second sheet replaces the first.
    await attendance.record(id, trainer, ['P1']);
    expect(await repository.attendedBy(p2?.id ?? 0)).toEqual([]);
    // A learner who does not facilitate it may not take it.
    await expect(attendance.record(id, await as('P2'), [])).rejects.toMatchObject({ status: 403 });
  });

  it('checks a registered person in with the room’s code, only while it runs, and stops after five wrong codes', async () => {
    await district(makeStaffList(4, (i) => ({ employeeId: `P${i}` })));
    const trainer = await as('P0', ['trainer']);
    const { id } = await sessions.schedule(session({ capacity: 5 }), trainer);
    for (const person of ['P1', 'P2', 'P3']) await registrations.register(id, await as(person));
    const code = await attendance.newCode(id, trainer);
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    // Not yet: the session is next week.
    await expect(attendance.checkIn(id, await as('P1'), code)).rejects.toMatchObject({ status: 409 });
    // Under way now (the clock is on HEARTH_TODAY).
    const now = sessions.now();
    await database.run(
      sql`UPDATE training_sessions SET starts_at = ${new Date(now.getTime() - 60_000)},
            ends_at = ${new Date(now.getTime() + 3_600_000)} WHERE id = ${id}`,
    );
    expect(await attendance.checkIn(id, await as('P1'), code.toLowerCase())).toEqual({ already: false });
    expect(await attendance.checkIn(id, await as('P1'), code)).toEqual({ already: true });
    // Someone not registered is sent to the facilitator.
    await expect(attendance.checkIn(id, await as('P0'), code)).rejects.toMatchObject({ status: 403 });
    const p2 = await as('P2');
    for (let n = 4; n >= 0; n--)
      await expect(attendance.checkIn(id, p2, 'WRONG1')).rejects.toMatchObject({
        status: 400,
        message: expect.stringMatching(n ? new RegExp(`\\(${n} tr(y|ies) left\\)`) : /last try/),
      });
    // Five wrong: even the right code is refused now.
    await expect(attendance.checkIn(id, p2, code)).rejects.toMatchObject({ status: 429 });
    // Guesses sent at once share the same five tries.
    const p3 = await as('P3');
    const guesses = await Promise.allSettled(
      Array.from({ length: 20 }, () => attendance.checkIn(id, p3, 'WRONG2')),
    );
    const statuses = guesses.map((g) =>
      g.status === 'rejected' ? (g.reason as { status: number }).status : 200,
    );
    expect(statuses.filter((status) => status === 400)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    const present = await database.rows<{ source: string }>(
      sql`SELECT source FROM session_attendance WHERE session_id = ${id}`,
    );
    expect(present).toEqual([{ source: 'check-in' }]);
  });
});
