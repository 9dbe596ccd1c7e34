import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { MIGRATIONS } from '../../migrations/index.js';
import { UtcTimes1764400000000 } from '../../migrations/1764400000000-utc-times.js';
import { Api } from '../support/api.js';
import { childEnv } from '../support/child-env.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { createTestDatabase, openDataSource, type TestDatabase } from '../support/test-database.js';
import { built } from '../support/dist.js';

const run = promisify(execFile);
const CHICAGO = 'America/Chicago'; // UTC-6 in November

/** A column's value as the database keeps it, as text ("2026-11-10 15:00:00" on both). */
async function storedText(db: TestDatabase, sql: string): Promise<string> {
  const dataSource = await openDataSource(db.target);
  try {
    const [row] = await dataSource.query<{ value: string }[]>(sql);
    return row.value.slice(0, 19);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Both databases keep moments as UTC, so the server's time zone (TZ) decides only how a moment is shown
 * and which day it falls on, never which moment it is.
 */
describe('moments kept in UTC, whatever TZ the server runs in', () => {
  let server: TestServer | undefined;
  let db: TestDatabase | undefined;

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('a server in Chicago writes the moment in UTC', async () => {
    const before = Date.now();
    server = await startServer({ TZ: CHICAGO });
    await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const written = await storedText(
      server.db,
      `SELECT CAST(created_at AS text) AS value FROM accounts WHERE email = '${ADMIN.email}'`,
    );
    const moment = Date.parse(`${written.replace(' ', 'T')}Z`);
    expect(moment).toBeGreaterThanOrEqual(before - 1000);
    expect(moment).toBeLessThanOrEqual(Date.now() + 1000);
  }, 60_000);

  it('the migration moves wall-clock times written before it to UTC, from the zone it runs in', async () => {
    db = await createTestDatabase();
    // Back to just before the UTC migration: it and every migration after it are undone.
    const undo = MIGRATIONS.length - MIGRATIONS.indexOf(UtcTimes1764400000000);
    const dataSource = await openDataSource(db.target);
    try {
      for (let i = 0; i < undo; i++) await dataSource.undoLastMigration({ transaction: 'each' });
      await dataSource.query(
        `INSERT INTO audit_entries (at, action, target) VALUES ('2026-11-10 09:00:00', 'test.at', 'then')`,
      );
    } finally {
      await dataSource.destroy();
    }
    const cli = (command: string) =>
      run(process.execPath, [built('src/cli/main.js'), 'migration', command], {
        env: childEnv({ DATABASE_URL: db?.url, TZ: CHICAGO }),
      });
    const at = () => storedText(db as TestDatabase, 'SELECT CAST(at AS text) AS value FROM audit_entries');
    await cli('run');
    // PostgreSQL wrote 09:00 in Chicago; SQLite has always written UTC.
    const utc = db.target.kind === 'postgres' ? '2026-11-10 15:00:00' : '2026-11-10 09:00:00';
    expect(await at()).toBe(utc);
    for (let i = 0; i < undo; i++) await cli('revert');
    expect(await at()).toBe('2026-11-10 09:00:00');
  }, 60_000);
});
