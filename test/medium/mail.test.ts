import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config/app-config.js';
import { Database } from '../../src/database/database.js';
import { MailRepository } from '../../src/mail/mail.repository.js';
import { MailOutbox } from '../../src/mail/mail-outbox.js';
import { openTestDatabase, type TestDatabase } from '../support/test-database.js';

const onSqlite = loadConfig().database.kind === 'sqlite';
const config = loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', PUBLIC_URL: 'https://pd.district.example' });

describe('the mail outbox on a real database', () => {
  let database: Database;
  let db: TestDatabase;
  let close: () => Promise<void>;
  let mail: MailRepository;
  let outbox: MailOutbox;

  beforeEach(async () => {
    ({ database, db, close } = await openTestDatabase());
    mail = new MailRepository(database);
    outbox = new MailOutbox(mail, config);
  });
  afterEach(() => close());

  const invitation = (to: string) => ({
    kind: 'invitation' as const,
    to,
    data: {
      firstName: 'Ana',
      url: 'https://pd.district.example/x',
      expiresOn: 'December 17, 2026',
      ssoLabel: null,
    },
  });

  it('writes a message with the change that causes it, and none when that change rolls back', async () => {
    await expect(
      database.transaction(async () => {
        await outbox.enqueue(invitation('lost@district.example'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await database.transaction(() => outbox.enqueue(invitation('Kept@District.example')));
    const rows = await mail.list({}, 0, 10);
    expect(rows.map((row) => [row.toAddress, row.status, row.subject])).toEqual([
      ['kept@district.example', 'pending', 'Your Hearth School District training account on Hearth'],
    ]);
  });

  it('holds messages while no mail server is configured', async () => {
    const held = new MailOutbox(mail, loadConfig({}));
    await held.enqueue(invitation('ana@district.example'));
    expect((await mail.list({ status: 'held' }, 0, 10)).length).toBe(1);
    expect(await mail.releaseHeld()).toBe(1);
    expect((await mail.list({ status: 'pending' }, 0, 10)).length).toBe(1);
  });

  it('gives each message to one sender only, even two on separate connections at once', async () => {
    for (let i = 0; i < 30; i++) await outbox.enqueue(invitation(`p${i}@district.example`));
    const other = await Database.open(db.target, { migrate: false });
    try {
      const now = new Date(Date.now() + 1000);
      const until = new Date(now.getTime() + 60_000);
      const first = () => mail.claim(now, until, 20);
      const second = () => new MailRepository(other).claim(now, until, 20);
      // PostgreSQL: at once (SKIP LOCKED). SQLite has one writer: in one thread a second would wait on the
      // first synchronously, so they take turns, as two processes would.
      const [a, b] = onSqlite ? [await first(), await second()] : await Promise.all([first(), second()]);
      const ids = [...a, ...b].map((message) => message.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(30);
      // Leased: nobody takes them again until the lease ends.
      expect(await mail.claim(now, until, 20)).toEqual([]);
      expect((await mail.claim(new Date(until.getTime() + 1), until, 50)).length).toBe(30);
    } finally {
      await other.close();
    }
  });

  it('erases a sent message’s content, and retries only a failed message that still has it', async () => {
    const sent = await outbox.enqueue(invitation('ana@district.example'));
    await mail.markSent(sent, new Date());
    const failed = await outbox.enqueue(invitation('bo@district.example'));
    await mail.markFailed(failed, 'EENVELOPE 550: no such mailbox');
    expect(await mail.requeue(sent, new Date())).toBe(0);
    expect(await mail.requeue(failed, new Date())).toBe(1);
    const [row] = await mail.list({ status: 'sent' }, 0, 10);
    expect(row).toMatchObject({ toAddress: 'ana@district.example', attempts: 1 });
    const [claimed] = await mail.claim(new Date(Date.now() + 1000), new Date(Date.now() + 60_000), 10);
    expect(claimed).toMatchObject({
      id: failed,
      attempts: 0,
      textBody: expect.stringContaining('Hello Ana'),
    });
  });
});
