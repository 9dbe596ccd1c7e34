import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config.js';
import { makeStaffList, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { createTestDatabase, openDataSource, type TestDatabase } from '../support/test-database.js';
import { completeAll, importLearners } from './learners.js';

// kill -9 and SQLite's own integrity check: the embedded database is the one a crash could corrupt.
const suite = loadConfig().database.kind === 'sqlite' ? describe : describe.skip;
const ENV = {
  COURSES_DIR: resolve('test/fixtures/courses'),
  HEARTH_TODAY: '2026-10-30',
  HEARTH_LOG_LEVEL: 'warn',
};

async function inspect<T>(db: TestDatabase, read: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await openDataSource(db.target);
  try {
    return await read(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

const integrity = (db: TestDatabase) =>
  inspect(db, async (dataSource) => {
    const [row] = await dataSource.query<{ integrity_check: string }[]>('PRAGMA integrity_check');
    return row.integrity_check;
  });

suite('crash safety: kill -9 in the middle of work, then restart', () => {
  const databases: TestDatabase[] = [];
  const servers: TestServer[] = [];

  afterAll(async () => {
    for (const server of servers) await server.crash();
    for (const db of databases) await db.drop();
  });

  async function freshServer(
    db?: TestDatabase,
  ): Promise<{ server: TestServer; db: TestDatabase; admin: Api }> {
    const database = db ?? (await createTestDatabase());
    if (!db) databases.push(database);
    const server = await startServer(ENV, { db: database });
    servers.push(server);
    return { server, db: database, admin: await new Api(server.url).login(ADMIN.email, ADMIN.password) };
  }

  it('leaves a 10,000-row import wholly there or wholly absent', async () => {
    const roster = rosterCsv(
      makeStaffList(10_000, (i) => ({ employeeId: `C${i}`, email: `c${i}@district.test` })),
    );
    // How long the import takes here, on a database of its own, to pull the plug half-way through.
    const timing = await freshServer();
    const started = performance.now();
    expect((await timing.admin.post('/api/staff/import', roster, 'text/csv')).status).toBe(200);
    const duration = performance.now() - started;
    await timing.server.crash();

    const { server, db, admin } = await freshServer();
    const pending = admin.post('/api/staff/import', roster, 'text/csv').catch(() => null);
    await new Promise((done) => setTimeout(done, duration / 2));
    await server.crash();
    const answered = await pending;

    const restarted = await freshServer(db);
    const staff = await restarted.admin.get<{ total: number }>('/api/staff?pageSize=1');
    console.log(
      `import crash: killed after ${(duration / 2).toFixed(0)} ms of a ${duration.toFixed(0)} ms import; ` +
        `answered ${answered?.status ?? 'never'}; after restart ${staff.body.total} staff`,
    );
    // Wholly absent or wholly there; and there for certain if the import was acknowledged.
    expect([0, 10_000]).toContain(staff.body.total);
    expect(answered?.status === 200 && staff.body.total !== 10_000).toBe(false);
    await restarted.server.crash();
    expect(await integrity(db)).toBe('ok');
  }, 300_000);

  it('keeps every completion that was acknowledged, each with its certificate', async () => {
    const { server, db, admin } = await freshServer();
    const learners = await importLearners(server, admin, 2000);
    let crashed = false;
    const burst = completeAll(server.url, learners, 50, () => crashed);
    // Let the rush get going, then pull the plug.
    await new Promise((done) => setTimeout(done, 3000));
    crashed = true;
    await server.crash();
    const outcome = await burst;
    expect(outcome.completed.size).toBeGreaterThan(0);

    const restarted = await freshServer(db);
    await restarted.server.crash();
    expect(await integrity(db)).toBe('ok');
    const stored = await inspect(db, (dataSource) =>
      dataSource.query<{ employee_id: string; serial: string | null }[]>(
        `SELECT s.employee_id, c.serial FROM assignments a
           JOIN staff s ON s.id = a.staff_id
           LEFT JOIN certificates c ON c.assignment_id = a.id
         WHERE a.completed_at IS NOT NULL`,
      ),
    );
    console.log(
      `completion crash: ${outcome.completed.size} acknowledged, ${stored.length} stored after restart`,
    );
    const storedIds = new Set(stored.map((row) => row.employee_id));
    expect([...outcome.completed].filter((id) => !storedIds.has(id))).toEqual([]);
    // A completion and its certificate commit together.
    expect(stored.filter((row) => !row.serial)).toEqual([]);
  }, 300_000);
});
