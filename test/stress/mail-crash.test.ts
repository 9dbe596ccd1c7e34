import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { makeStaffList, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { childEnv } from '../support/child-env.js';
import { built } from '../support/dist.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const run = promisify(execFile);
const MESSAGES = 500;

describe('mail and kill -9: a crash in the middle of sending 500 messages', () => {
  let smtp: TestSmtp | undefined;
  let db: TestDatabase | undefined;
  const servers: TestServer[] = [];

  afterAll(async () => {
    for (const server of servers) await server.crash();
    await smtp?.close();
    await db?.drop();
  });

  it('delivers every message after the restart; only those in flight at the kill may come twice', async () => {
    smtp = await startSmtp();
    db = await createTestDatabase();
    const env = { SMTP_URL: smtp.url, HEARTH_LOG_LEVEL: 'warn' };
    const first = await startServer(env, { db });
    servers.push(first);
    const admin = await new Api(first.url).login(ADMIN.email, ADMIN.password);
    const people = makeStaffList(MESSAGES);
    expect((await admin.post('/api/staff/import', rosterCsv(people), 'text/csv')).status).toBe(200);

    // The command writes the 500 messages to the outbox; the running server sends them as they commit.
    const started = performance.now();
    const queued = run(process.execPath, [built('src/cli/main.js'), 'invitations', '--send'], {
      env: childEnv({ DATABASE_URL: db.url, PUBLIC_URL: first.url, ...env }),
    });
    await smtp.waitFor(150, 120_000);
    await first.crash();
    const beforeCrash = smtp.received.length;
    const rate = beforeCrash / ((performance.now() - started) / 1000);
    await queued;

    const restarted = performance.now();
    const second = await startServer(env, { db });
    servers.push(second);
    const deadline = Date.now() + 120_000;
    const unique = () => new Set(smtp?.received.map((message) => message.messageId)).size;
    while (unique() < MESSAGES && Date.now() < deadline) await new Promise((wait) => setTimeout(wait, 200));
    const resumedRate = (unique() - beforeCrash) / ((performance.now() - restarted) / 1000);
    const secondAdmin = await new Api(second.url).login(ADMIN.email, ADMIN.password);
    const pending = await secondAdmin.get<{ items: unknown[] }>('/api/outbox?status=pending&limit=1000');
    const duplicates = smtp.received.length - unique();
    console.log(
      `mail crash: ${MESSAGES} messages; ${beforeCrash} received before kill -9 (${rate.toFixed(0)} messages/s ` +
        `while the outbox was being written); after the restart all ${unique()} arrived, ${duplicates} twice ` +
        `(${resumedRate.toFixed(0)} messages/s from the restart on, start-up included)`,
    );
    expect(unique()).toBe(MESSAGES);
    expect(pending.body.items).toEqual([]);
    expect(new Set(smtp.received.flatMap((message) => message.to)).size).toBe(MESSAGES);
    // At most the batches in flight when the process died (20 a round).
    expect(duplicates).toBeLessThanOrEqual(20);
  }, 300_000);
});
