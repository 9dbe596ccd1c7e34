import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config/app-config.js';
import { makeStaffList, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { childEnv } from '../support/child-env.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { built } from '../support/dist.js';

const run = promisify(execFile);
const STAFF = 2000;
// A SQLite copy; PostgreSQL is backed up with pg_dump (README), so the lane on PostgreSQL skips this.
const suite = loadConfig().database.kind === 'sqlite' ? describe : describe.skip;

suite('backup while Hearth is under load, and restore', () => {
  let server: TestServer;
  let admin: Api;
  const dir = mkdtempSync(join(tmpdir(), 'hearth-backup-'));
  const copy = join(dir, 'copy.sqlite');

  beforeAll(async () => {
    server = await startServer();
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const roster = makeStaffList(STAFF, (i) => ({
      employeeId: `B${i}`,
      email: `b${i}@district.test`,
      lastName: 'Round start',
    }));
    const imported = await admin.post('/api/staff/import', rosterCsv(roster), 'text/csv');
    if (imported.status !== 200) throw new Error(`the first import failed: ${imported.status}`);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies a consistent database while imports keep writing, and the copy serves every record', async () => {
    if (server.db.target.kind !== 'sqlite') throw new Error('SQLite only');
    // Load: imports that each rename everyone, one after another, until the backup is done.
    let writing = true;
    let imports = 0;
    const load = (async () => {
      while (writing) {
        const roster = makeStaffList(STAFF, (i) => ({
          employeeId: `B${i}`,
          email: `b${i}@district.test`,
          lastName: `Round ${imports}`,
        }));
        const response = await admin.post('/api/staff/import', rosterCsv(roster), 'text/csv');
        if (response.status !== 200) throw new Error(`import failed under load: ${response.status}`);
        imports++;
      }
    })();
    const backup = await run(process.execPath, [built('src/cli/main.js'), 'backup', copy], {
      env: childEnv({ DATABASE_URL: server.db.url }),
    });
    writing = false;
    await load;
    expect(backup.stdout).toMatch(/Backed up .* \(\d+ pages, integrity check ok\)/);
    expect(imports).toBeGreaterThan(0);

    // The copy is whole: it passes SQLite's check, and every staff member is in it, from one round.
    const db = new Database(copy, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rounds = db.prepare('SELECT last_name, COUNT(*) AS n FROM staff GROUP BY last_name').all();
      expect(rounds).toHaveLength(1);
      expect(rounds[0]).toMatchObject({ n: STAFF });
    } finally {
      db.close();
    }

    // Restored (a server started on the copy), it answers with every record.
    const restored = await startServer({ DATABASE_URL: `sqlite:${copy}` });
    try {
      const again = await new Api(restored.url).login(ADMIN.email, ADMIN.password);
      const staff = await again.get<{ total: number }>('/api/staff?pageSize=1');
      expect(staff.body.total).toBe(STAFF);
    } finally {
      await restored.stop();
    }
  }, 120_000);
});
