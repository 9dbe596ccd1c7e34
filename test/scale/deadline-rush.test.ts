import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { loadConfig } from '../../src/config/app-config.js';
import { loadCourses } from '../../src/courses/course-loader.js';
import type { CourseEdition } from '../../src/courses/course.types.js';
import { createSessions } from '../bench/sessions.js';
import { makeStaffList, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// Two instances share one database only on PostgreSQL: without it this lane has nothing to test.
if (loadConfig().database.kind !== 'postgres')
  throw new Error(
    'The scale lane needs PostgreSQL: set DATABASE_URL=postgres://user@host:port/db (see README, the scale tier under Tests)',
  );

/** How long the mixed load runs; one instance is killed half-way. */
const LOAD_MS = 60_000;
const STAFF = 300;
const SITES = ['LIN', 'ROO', 'WAS', 'JEF'];
const EDITION = '2026-27';

/** The shipped courses every teacher is assigned, with what a learner must do to complete each. */
const COURSES = loadCourses(resolve('courses')).courses.filter(
  (course) => course.edition === EDITION && course.audienceRoles === 'all',
);

function rightAnswers(course: CourseEdition): Record<string, string | string[]> {
  return Object.fromEntries(course.quiz.map((q) => [q.id, q.type === 'single' ? q.answer[0] : q.answer]));
}

interface Acknowledged {
  employeeId: string;
  courseId: string;
  serial: string;
  completedAt: string;
}

describe('the deadline rush on two instances of one PostgreSQL database, one killed half-way', () => {
  let db: TestDatabase;
  let keys: string;
  const servers: TestServer[] = [];
  /** The instances answering now (a proxy's list): the killed one leaves it until it is back. */
  const live: string[] = [];
  const env = () => ({
    COURSES_DIR: resolve('courses'),
    HEARTH_TODAY: '2026-10-20',
    HEARTH_REMINDERS: 'true',
    HEARTH_REMINDER_HOUR: '0',
    HEARTH_LOG_LEVEL: 'warn',
    HEARTH_CREDENTIAL_KEY_FILE: join(keys, 'credential-keys.json'),
  });
  let hr: Api;
  let learners: { employeeId: string; token: string }[];
  /** Requests tried again on another instance (refused, cut or 503): the kill's trace. */
  let retried = 0;

  beforeAll(async () => {
    if (COURSES.length < 2)
      throw new Error(`Expected two shipped courses for everyone, found ${COURSES.length}`);
    db = await createTestDatabase();
    keys = mkdtempSync(join(tmpdir(), 'hearth-scale-'));
    servers.push(...(await Promise.all([startServer(env(), { db }), startServer(env(), { db })])));
    live.push(...servers.map((server) => server.url));
    hr = await new Api(servers[0].url).login(ADMIN.email, ADMIN.password);
    const roster = makeStaffList(STAFF, (i) => ({
      employeeId: `T${i}`,
      email: `t${i}@district.test`,
      siteCode: SITES[i % SITES.length],
      siteName: `School ${SITES[i % SITES.length]}`,
    }));
    const imported = await hr.post('/api/staff/import', rosterCsv(roster), 'text/csv');
    if (imported.status !== 200) throw new Error(`The roster import answered ${imported.status}`);
    const staff = await query<{ employee_id: string; account_id: number }>(
      'SELECT employee_id, account_id FROM staff ORDER BY id',
    );
    const tokens = await createSessions(
      db.target,
      staff.map((s) => s.account_id),
    );
    learners = staff.map((s) => ({ employeeId: s.employee_id, token: tokens.get(s.account_id) as string }));
  }, 180_000);

  afterAll(async () => {
    for (const server of servers) await server.crash();
    await db?.drop();
    if (keys) rmSync(keys, { recursive: true, force: true });
  });

  async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /**
   * One request to either live instance, as a proxy sends it; a refused or cut connection, or a 503, is
   * tried again on another (the answer that counts is the one that arrives).
   */
  async function send(
    method: string,
    path: string,
    token: string,
    body?: string,
    type = 'application/json',
  ): Promise<{ status: number; text: string }> {
    for (let attempt = 0; ; attempt++) {
      const url = live[Math.floor(Math.random() * live.length)];
      try {
        const response = await fetch(`${url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': type }),
          },
          body,
          signal: AbortSignal.timeout(60_000),
        });
        const text = await response.text();
        if (response.status !== 503 || attempt >= 20) return { status: response.status, text };
      } catch (error) {
        if (attempt >= 20) throw error;
      }
      retried++;
      await new Promise((done) => setTimeout(done, 200));
    }
  }

  it(
    'keeps every acknowledged completion once, with one certificate, and counts them right',
    async () => {
      /** Every completion an answer acknowledged, by person and course. */
      const acknowledged = new Map<string, Acknowledged>();
      const failures: string[] = [];
      const exports: number[] = [];
      const deadline = Date.now() + LOAD_MS;
      let next = 0;

      const learner = async () => {
        // Round the roster until time is up: after a first pass, learners come back to a completed course
        // (reading it again, retaking its quiz), which must change nothing about the completion.
        while (Date.now() < deadline) {
          const turn = next++;
          const person = learners[turn % learners.length];
          const course = COURSES[Math.floor(turn / learners.length) % COURSES.length];
          const base = `/api/me/courses/${course.id}`;
          const post = async (path: string, body: unknown = {}) => {
            const answer = await send('POST', `${base}${path}`, person.token, JSON.stringify(body));
            if (answer.status >= 300)
              failures.push(`${person.employeeId} ${path}: ${answer.status} ${answer.text}`);
            return answer;
          };
          // Every learner here is a teacher: the modules for other roles are not theirs to read.
          const modules = course.modules.filter(
            (m) => m.audienceRoles === 'all' || m.audienceRoles.includes('teacher'),
          );
          for (const module of modules) {
            const read = await send('GET', `/api/courses/${course.id}/modules/${module.id}`, person.token);
            if (read.status !== 200) failures.push(`${person.employeeId} reads ${module.id}: ${read.status}`);
            await post(`/modules/${module.id}/complete`);
          }
          if (course.attestation) await post('/attest');
          const attempt = await post('/quiz/attempts', { answers: rightAnswers(course) });
          const completion =
            attempt.status < 300
              ? (
                  JSON.parse(attempt.text) as {
                    completion?: { certificateSerial: string; completedAt: string };
                  }
                ).completion
              : undefined;
          if (completion) {
            const ack = { employeeId: person.employeeId, courseId: course.id, ...pick(completion) };
            const key = `${ack.employeeId}/${ack.courseId}`;
            const earlier = acknowledged.get(key);
            if (earlier && JSON.stringify(earlier) !== JSON.stringify(ack))
              failures.push(`${key} completed again: ${JSON.stringify(earlier)} then ${JSON.stringify(ack)}`);
            acknowledged.set(key, earlier ?? ack);
            // Its Open Badge, signed by either instance: the first ones make the key, all with one.
            const badge = await send('GET', `/api/certificates/${ack.serial}/credential`, person.token);
            if (badge.status !== 200) failures.push(`${key} credential: ${badge.status} ${badge.text}`);
          } else if (attempt.status < 300)
            failures.push(`${person.employeeId} ${course.id}: passed, no completion`);
        }
      };
      const pick = (c: { certificateSerial: string; completedAt: string }) => ({
        serial: c.certificateSerial,
        completedAt: c.completedAt,
      });

      const exporter = async () => {
        while (Date.now() < deadline) {
          const answer = await send(
            'GET',
            `/api/reports/compliance.csv?courseId=${COURSES[0].id}`,
            hrToken(),
          );
          if (answer.status === 200) exports.push(answer.text.trim().split('\n').length - 1);
          else failures.push(`compliance.csv: ${answer.status}`);
          await new Promise((done) => setTimeout(done, 2_000));
        }
      };
      const hrToken = () => hr.authHeaders().authorization.replace(/^Bearer /, '');

      // One roster import a quarter of the way in: new people, all or nothing.
      let importResult: { status: number; text: string } | undefined;
      const newcomers = makeStaffList(100, (i) => ({ employeeId: `N${i}`, email: `n${i}@district.test` }));
      const importer = async () => {
        await new Promise((done) => setTimeout(done, LOAD_MS / 4));
        importResult = await send('POST', '/api/staff/import', hrToken(), rosterCsv(newcomers), 'text/csv');
      };

      // Half-way: kill -9 the first instance, then start it again on the same database.
      const killer = async () => {
        await new Promise((done) => setTimeout(done, LOAD_MS / 2));
        const victim = servers[0];
        live.splice(live.indexOf(victim.url), 1);
        await victim.crash();
        const restarted = await startServer(env(), { db });
        servers[0] = restarted;
        live.push(restarted.url);
      };

      await Promise.all([...Array.from({ length: 6 }, learner), exporter(), importer(), killer()]);
      console.log(
        `deadline rush: ${acknowledged.size} completions acknowledged in ${LOAD_MS / 1000} s, ` +
          `${exports.length} compliance exports, import ${importResult?.status}, ${retried} requests tried again`,
      );
      expect(failures).toEqual([]);
      expect(acknowledged.size).toBeGreaterThan(20);

      // Every acknowledged completion is there once, with the one certificate its answer named.
      const stored = await query<{
        employee_id: string;
        course_id: string;
        completed_at: Date;
        serials: string[];
      }>(
        `SELECT s.employee_id, a.course_id, a.completed_at, array_agg(c.serial) AS serials
         FROM assignments a JOIN staff s ON s.id = a.staff_id LEFT JOIN certificates c ON c.assignment_id = a.id
        WHERE a.completed_at IS NOT NULL GROUP BY s.employee_id, a.course_id, a.completed_at`,
      );
      const byKey = new Map(stored.map((row) => [`${row.employee_id}/${row.course_id}`, row]));
      for (const ack of acknowledged.values()) {
        const row = byKey.get(`${ack.employeeId}/${ack.courseId}`);
        expect({ ...ack, serials: row?.serials, completedAt: row?.completed_at.toISOString() }).toEqual({
          ...ack,
          serials: [ack.serial],
        });
      }
      expect(stored.length).toBe(acknowledged.size);

      // No duplicates anywhere the rush could make them.
      const duplicates = await query(
        `SELECT 'assignment' AS what, count(*) FROM assignments GROUP BY staff_id, course_id, edition HAVING count(*) > 1
       UNION ALL SELECT 'certificate', count(*) FROM certificates GROUP BY assignment_id HAVING count(*) > 1
       UNION ALL SELECT 'reminder run', count(*) FROM reminder_runs GROUP BY day HAVING count(*) > 1
       UNION ALL SELECT 'signing key in force', count(*) FROM credential_keys WHERE retired_at IS NULL HAVING count(*) > 1`,
      );
      expect(duplicates).toEqual([]);
      expect(await query('SELECT day FROM reminder_runs')).toHaveLength(1);
      expect(await query('SELECT key_id FROM credential_keys')).toHaveLength(1);

      // The import is whole: every newcomer, each assigned every course.
      expect(importResult?.status).toBe(200);
      expect(JSON.parse(importResult?.text ?? '{}')).toMatchObject({ created: 100 });
      const [arrived] = await query<{ people: string; assignments: string }>(
        `SELECT count(DISTINCT s.id) AS people, count(a.id) AS assignments
         FROM staff s LEFT JOIN assignments a ON a.staff_id = s.id WHERE s.employee_id LIKE 'N%'`,
      );
      expect([Number(arrived.people), Number(arrived.assignments)]).toEqual([100, 100 * COURSES.length]);

      // The compliance report, read on either instance, counts what the rows hold.
      for (const course of COURSES) {
        const [rows] = await query<{ assigned: string; completed: string }>(
          `SELECT count(*) AS assigned, count(completed_at) AS completed FROM assignments
          WHERE course_id = $1 AND edition = $2`,
          [course.id, EDITION],
        );
        for (const url of live) {
          const report = await new Api(url, hrToken()).get<{
            totals: { assigned: number; completed: number };
          }>(`/api/reports/compliance?courseId=${course.id}&edition=${EDITION}`);
          expect(report.status).toBe(200);
          expect(report.body.totals).toMatchObject({
            assigned: Number(rows.assigned),
            completed: Number(rows.completed),
          });
        }
        const csv = await send(
          'GET',
          `/api/reports/compliance.csv?courseId=${course.id}&edition=${EDITION}`,
          hrToken(),
        );
        expect(csv.text.trim().split('\n').length - 1).toBe(Number(rows.assigned));
      }
    },
    LOAD_MS + 240_000,
  );
});
