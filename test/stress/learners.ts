import { openDataSource } from '../support/test-database.js';
import { StaffMember } from '../../src/staff/staff-member.entity.js';
import { createSessions } from '../bench/sessions.js';
import { makeStaffList, rosterCsv } from '../factories/staff.factory.js';
import type { Api } from '../support/api.js';
import type { TestServer } from '../support/server.js';

export const RIGHT = { q1: 'a', q2: ['a', 'c'], q3: 'a' };

/** One learner of the example course, signed in with a bearer token. */
export interface Learner {
  employeeId: string;
  token: string;
}

/**
 * `count` teachers imported over HTTP (the example course is assigned to them), each with a session
 * stored the way sign-in stores it (signing 10,000 people in would spend an argon2 hash each).
 */
export async function importLearners(server: TestServer, admin: Api, count: number): Promise<Learner[]> {
  const roster = makeStaffList(count, (i) => ({ employeeId: `S${i}`, email: `s${i}@district.test` }));
  const response = await admin.post('/api/staff/import', rosterCsv(roster), 'text/csv');
  if (response.status !== 200) throw new Error(`import: ${response.status} ${JSON.stringify(response.body)}`);
  const dataSource = await openDataSource(server.db.target);
  let staff: StaffMember[];
  try {
    staff = await dataSource
      .getRepository(StaffMember)
      .find({ select: { employeeId: true, accountId: true } });
  } finally {
    await dataSource.destroy();
  }
  const tokens = await createSessions(
    server.db.target,
    staff.map((s) => s.accountId),
  );
  return staff.map((s) => ({ employeeId: s.employeeId, token: tokens.get(s.accountId) as string }));
}

export interface Outcome {
  /** Learners whose final request was answered 2xx with a completion. */
  completed: Set<string>;
  statuses: Map<number, number>;
  latencies: number[];
  seconds: number;
}

async function call(url: string, path: string, token: string, body: unknown, outcome: Outcome) {
  const started = performance.now();
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  outcome.latencies.push(performance.now() - started);
  outcome.statuses.set(response.status, (outcome.statuses.get(response.status) ?? 0) + 1);
  return { status: response.status, text };
}

/**
 * Every learner completes the example course (two modules, the attestation, a passing quiz), `waves`
 * of them at a time; stops early when `stop()` says so (a crash test pulls the plug).
 */
export async function completeAll(
  url: string,
  learners: Learner[],
  concurrency: number,
  stop: () => boolean = () => false,
): Promise<Outcome> {
  const outcome: Outcome = { completed: new Set(), statuses: new Map(), latencies: [], seconds: 0 };
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < learners.length && !stop()) {
      const learner = learners[next++];
      try {
        for (const module of ['welcome', 'hard-days'])
          await call(url, `/api/me/courses/example/modules/${module}/complete`, learner.token, {}, outcome);
        await call(url, '/api/me/courses/example/attest', learner.token, {}, outcome);
        const attempt = await call(
          url,
          '/api/me/courses/example/quiz/attempts',
          learner.token,
          { answers: RIGHT },
          outcome,
        );
        if (attempt.status < 300 && (JSON.parse(attempt.text) as { completion: unknown }).completion)
          outcome.completed.add(learner.employeeId);
      } catch (error) {
        if (!stop()) throw error; // a refused connection after the crash is expected
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  outcome.seconds = (performance.now() - started) / 1000;
  return outcome;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
