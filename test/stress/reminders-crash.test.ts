import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import { makeStaffList, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { childEnv } from '../support/child-env.js';
import { built } from '../support/dist.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const PEOPLE = 20_000;
// The shipped healing-centered course is due 2026-10-31: a week before, all 20,000 are reminded.
const TODAY = '2026-10-24';

describe('reminders and kill -9: a run killed half-way, then resumed', () => {
  let db: TestDatabase | undefined;
  let server: TestServer | undefined;
  let database: Database | undefined;

  afterAll(async () => {
    await database?.close();
    await server?.stop();
    await db?.drop();
  });

  /** `reminders run` as a child process: its exit, and a way to kill it. */
  function remindersRun() {
    const child = spawn(process.execPath, [built('src/cli/main.js'), 'reminders', 'run'], {
      env: childEnv({
        DATABASE_URL: db?.url,
        PUBLIC_URL: server?.url,
        HEARTH_TODAY: TODAY,
        HEARTH_REMINDERS: 'true',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const ended = new Promise<string>((done) => child.once('exit', () => done(output)));
    return { kill: () => child.kill('SIGKILL'), ended };
  }

  const count = async (query: ReturnType<typeof sql>) => (await database?.row<{ n: number }>(query))?.n ?? 0;
  const recorded = () => count(sql`SELECT COUNT(*) AS n FROM reminders_sent`);
  const messages = () => count(sql`SELECT COUNT(*) AS n FROM mail_messages WHERE kind = 'reminder'`);

  it('queues every digest exactly once, and never a record without its message', async () => {
    db = await createTestDatabase();
    server = await startServer({ HEARTH_TODAY: TODAY, HEARTH_LOG_LEVEL: 'warn' }, { db });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const imported = await admin.post('/api/staff/import', rosterCsv(makeStaffList(PEOPLE)), 'text/csv');
    expect(imported.status).toBe(200);
    database = await Database.open(db.target, { migrate: false });

    const first = remindersRun();
    const deadline = Date.now() + 60_000;
    while ((await recorded()) === 0 && Date.now() < deadline)
      await new Promise((wait) => setTimeout(wait, 5));
    first.kill();
    await first.ended;
    const atKill = await recorded();
    // Each batch commits its records and their messages together: the kill left whole batches.
    expect(await messages()).toBe(atKill);
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(PEOPLE);

    // The dead run's claim holds for two minutes: another run now is refused.
    expect(await remindersRun().ended).toContain('Another run is sending the reminders for 2026-10-24');
    // Two minutes later (moved in the database rather than waited for), the next run takes over.
    await database.run(sql`UPDATE reminder_runs SET claimed_until = ${new Date(Date.now() - 1000)}`);
    const resumed = await remindersRun().ended;
    expect(resumed).toContain(`Reminders for ${TODAY}: ${PEOPLE - atKill} learner digest(s)`);
    const addresses = await database.rows<{ toAddress: string }>(
      sql`SELECT to_address FROM mail_messages WHERE kind = 'reminder'`,
    );
    expect(addresses.length).toBe(PEOPLE);
    expect(new Set(addresses.map((row) => row.toAddress)).size).toBe(PEOPLE);
    expect(await recorded()).toBe(PEOPLE);
    console.log(
      `reminders crash: killed after ${atKill} of ${PEOPLE} digests; the resumed run queued the rest`,
    );
  }, 300_000);
});
