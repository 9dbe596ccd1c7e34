import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { makeStaff, rosterCsv, type RosterFields } from '../factories/staff.factory.js';
import { Api, type ApiResponse } from '../support/api.js';
import { childEnv } from '../support/child-env.js';
import { built } from '../support/dist.js';
import { EXAMPLE_ANSWERS, enrol } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { createTestDatabase, openDataSource, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);

// A week before the example course falls due (2026-10-31): everyone who has not finished it gets a digest.
const TODAY = '2026-10-24';
const QUIZ = '/api/me/courses/example/quiz/attempts';
const ATTEST = '/api/me/courses/example/attest';
const ENV = { COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: TODAY };
const RACERS = 20;
const SEAT_ROUNDS = 8;
const PENDING = 10;

const person = (employeeId: string): RosterFields =>
  makeStaff({ employeeId, email: `${employeeId.toLowerCase()}@district.test` });

const racers = Array.from({ length: RACERS }, (_, i) => person(`C${i}`));
// On the roster without an account yet: their invitations and reminder digests are the mail raced.
const pending = Array.from({ length: PENDING }, (_, i) => person(`P${i}`));

/** The status codes of a race's answers, sorted. */
const statuses = (responses: ApiResponse[]) => responses.map((r) => r.status).sort();

/**
 * Each at-most-once rule raced for real across two server processes on one database: the same request
 * sent to A and B at the same moment, then the rows checked from outside.
 */
describe('at most once, across two instances on one database', () => {
  let smtp: TestSmtp;
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let store: DataSource;
  let people: Map<string, Api>;
  let admins: [Api, Api];

  const count = async (query: string) => {
    const rows = await store.query<{ n: number | string }[]>(query);
    return Number(rows[0].n);
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await createTestDatabase();
    a = await startServer({ ...ENV, SMTP_URL: smtp.url }, { db });
    b = await startServer({ ...ENV, SMTP_URL: smtp.url }, { db });
    admins = [
      await new Api(a.url).login(ADMIN.email, ADMIN.password),
      await new Api(b.url).login(ADMIN.email, ADMIN.password),
    ];
    people = await enrol(admins[0], racers);
    const imported = await admins[0].post(
      '/api/staff/import',
      rosterCsv([...racers, ...pending]),
      'text/csv',
    );
    if (imported.status !== 200) throw new Error(`import: ${imported.status}`);
    store = await openDataSource(db.target);
  }, 120_000);

  afterAll(async () => {
    await store?.destroy();
    await a?.stop();
    await b?.stop();
    await smtp?.close();
    await db?.drop();
  });

  /** The learner's client on the other instance, with the same token. */
  const onBoth = (email: string): [Api, Api] => {
    const onA = people.get(email) as Api;
    const token = onA.authHeaders().authorization.slice('Bearer '.length);
    return [onA.as(token), new Api(b.url, token)];
  };

  it('completes each assignment once, with one certificate, when its last step reaches A and B at once', async () => {
    // Half race the passing quiz attempt, half (quiz passed first) the attestation.
    const races = racers.map(async (racer, i) => {
      const [onA, onB] = onBoth(racer.email);
      for (const module of ['welcome', 'hard-days'])
        expect((await onA.post(`/api/me/courses/example/modules/${module}/complete`)).status).toBe(200);
      const lastByQuiz = i % 2 === 0;
      const [step, other] = lastByQuiz ? [QUIZ, ATTEST] : [ATTEST, QUIZ];
      const body = (path: string) => (path === QUIZ ? { answers: EXAMPLE_ANSWERS } : {});
      expect((await onA.post(other, body(other))).status).toBe(200);
      const answers = await Promise.all(
        [onA, onB].map((api) =>
          api.post<{ completion: { certificateSerial: string } | null; practice?: boolean }>(
            step,
            body(step),
          ),
        ),
      );
      return { answers, lastByQuiz };
    });
    for (const { answers, lastByQuiz } of await Promise.all(races)) {
      // Both are told the course is complete, with the same certificate; one of the attempts was practice.
      expect(statuses(answers)).toEqual([200, 200]);
      const serials = answers.map((r) => r.body.completion?.certificateSerial);
      expect(serials[0]).toEqual(expect.any(String));
      expect(serials[1]).toBe(serials[0]);
      // (An attestation answers no `practice`.)
      expect(answers.map((r) => r.body.practice).sort()).toEqual(
        lastByQuiz ? [false, true] : [undefined, undefined],
      );
    }

    const example = `a.course_id = 'example' AND s.employee_id LIKE 'C%'`;
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM assignments a JOIN staff s ON s.id = a.staff_id
          WHERE ${example} AND a.completed_at IS NOT NULL`,
      ),
    ).toBe(RACERS);
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM certificates c JOIN assignments a ON a.id = c.assignment_id
           JOIN staff s ON s.id = a.staff_id WHERE ${example}`,
      ),
    ).toBe(RACERS);
    // A counted attempt each: the one that lost the race was scored as practice and not stored.
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM quiz_attempts q JOIN assignments a ON a.id = q.assignment_id
           JOIN staff s ON s.id = a.staff_id WHERE ${example}`,
      ),
    ).toBe(RACERS);
  }, 60_000);

  it('gives the last seat of a session to one of two people registering on A and B at once', async () => {
    for (let round = 0; round < SEAT_ROUNDS; round++) {
      const created = await admins[round % 2].post<{ id: number }>('/api/sessions', {
        title: `Last seat ${round}`,
        startsAt: '2027-03-01T15:00:00.000Z',
        endsAt: '2027-03-01T17:00:00.000Z',
        location: 'Library',
        capacity: 1,
        pdHours: 1,
      });
      expect(created.status).toBe(201);
      // Two who finished the example course, which a session of its own does not ask for.
      const [first] = onBoth(racers[round * 2].email);
      const [, second] = onBoth(racers[round * 2 + 1].email);
      const answers = await Promise.all(
        [first, second].map((api) =>
          api.post<{ status: string }>(`/api/sessions/${created.body.id}/registrations`),
        ),
      );
      expect(statuses(answers)).toEqual([201, 201]);
      expect(answers.map((r) => r.body.status).sort()).toEqual(['registered', 'waitlisted']);
      const rows = await store.query<{ status: string }[]>(
        `SELECT status FROM session_registrations WHERE session_id = ${created.body.id} ORDER BY status`,
      );
      expect(rows.map((row) => row.status)).toEqual(['registered', 'waitlisted']);
    }
  }, 60_000);

  it("runs the day's reminders once when two runs start at once, and each message leaves once", async () => {
    const remindersRun = () =>
      run(process.execPath, [built('src/cli/main.js'), 'reminders', 'run'], {
        env: childEnv({
          ...ENV,
          DATABASE_URL: db.url,
          PUBLIC_URL: a.url,
          SMTP_URL: smtp.url,
          HEARTH_REMINDERS: 'true',
        }),
      });
    // Invitations mailed through both instances while the runs queue their digests.
    const invited = pending.map((p, i) =>
      admins[i % 2].post('/api/auth/invitations', { employeeId: p.employeeId, send: true }),
    );
    const [runs, invitations] = await Promise.all([
      Promise.all([remindersRun(), remindersRun()]),
      Promise.all(invited),
    ]);
    expect(statuses(invitations)).toEqual(Array(PENDING).fill(201));
    const said = runs.map((r) => r.stdout).join('\n');
    // Everyone with the example course still to do: the pending, not the racers.
    const digests = PENDING;
    expect(said.match(/Reminders for 2026-10-24: \d+ learner digest/g)).toEqual([
      `Reminders for ${TODAY}: ${digests} learner digest`,
    ]);
    expect(said).toMatch(/already sent|Another run is sending/);
    expect(await count(`SELECT COUNT(*) AS n FROM reminder_runs`)).toBe(1);
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM (SELECT staff_id FROM reminders_sent GROUP BY staff_id HAVING COUNT(*) > 1) d`,
      ),
    ).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM reminders_sent`)).toBe(digests);

    // Every message queued is delivered by one of the two senders, once.
    const queued = await store.query<{ message_id: string }[]>(`SELECT message_id FROM mail_messages`);
    expect(queued.length).toBe(digests + PENDING);
    await smtp.waitFor(queued.length);
    // Both senders poll once a second: a second delivery would arrive within a few rounds.
    await new Promise((wait) => setTimeout(wait, 2500));
    const arrived = smtp.received.map((m) => m.messageId.replace(/^<|>$/g, '')).sort();
    expect(arrived).toEqual(queued.map((m) => m.message_id.replace(/^<|>$/g, '')).sort());
    expect(new Set(arrived).size).toBe(arrived.length);
    expect(await count(`SELECT COUNT(*) AS n FROM mail_messages WHERE status <> 'sent'`)).toBe(0);
  }, 60_000);
});
