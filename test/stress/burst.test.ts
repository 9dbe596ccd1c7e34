import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDataSource } from '../support/test-database.js';
import { Api } from '../support/api.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { completeAll, importLearners, type Learner, percentile } from './learners.js';

const STAFF = 10_000;
const CONCURRENCY = 50;

describe('the end-of-window rush: 10,000 staff completing a course at once', () => {
  let server: TestServer;
  let learners: Learner[];

  beforeAll(async () => {
    server = await startServer({
      COURSES_DIR: resolve('test/fixtures/courses'),
      HEARTH_TODAY: '2026-10-30',
      HEARTH_LOG_LEVEL: 'warn',
    });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    learners = await importLearners(server, admin, STAFF);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('records every completion with exactly one certificate each, and never answers 5xx', async () => {
    const outcome = await completeAll(server.url, learners, CONCURRENCY);
    const requests = outcome.latencies.length;
    console.log(
      `burst: ${STAFF} completions (${requests} requests, ${CONCURRENCY} at a time) in ${outcome.seconds.toFixed(1)} s: ` +
        `${(requests / outcome.seconds).toFixed(0)} requests/s, p50 ${percentile(outcome.latencies, 50).toFixed(0)} ms, ` +
        `p99 ${percentile(outcome.latencies, 99).toFixed(0)} ms; statuses ${JSON.stringify(Object.fromEntries(outcome.statuses))}`,
    );
    expect([...outcome.statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect(outcome.completed.size).toBe(STAFF);

    const dataSource = await openDataSource(server.db.target);
    try {
      const [row] = await dataSource.query<{ completed: string; certificates: string; holders: string }[]>(
        `SELECT
           (SELECT COUNT(*) FROM assignments WHERE completed_at IS NOT NULL) AS completed,
           (SELECT COUNT(*) FROM certificates) AS certificates,
           (SELECT COUNT(DISTINCT assignment_id) FROM certificates) AS holders`,
      );
      expect([Number(row.completed), Number(row.certificates), Number(row.holders)]).toEqual([
        STAFF,
        STAFF,
        STAFF,
      ]);
    } finally {
      await dataSource.destroy();
    }
  }, 600_000);
});
