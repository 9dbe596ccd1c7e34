import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff, rosterCsv, type RosterFields } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { childEnv } from '../support/child-env.js';
import { built } from '../support/dist.js';
import { ADMIN, freePort, startServer, type TestServer } from '../support/server.js';
import { type Received, startSmtp, type TestSmtp } from '../support/smtp.js';

const run = promisify(execFile);

interface OutboxItem {
  id: number;
  to: string;
  kind: string;
  subject: string;
  status: string;
  attempts: number;
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}

const person = (employeeId: string, extra: Partial<RosterFields> = {}) =>
  makeStaff({ employeeId, email: `${employeeId.toLowerCase()}@district.test`, ...extra });

async function importRoster(admin: Api, rows: RosterFields[]): Promise<void> {
  const imported = await admin.post('/api/staff/import', rosterCsv(rows), 'text/csv');
  if (imported.status !== 200) throw new Error(`import failed: ${imported.status}`);
}

const outbox = async (admin: Api, query = '') =>
  (await admin.get<{ items: OutboxItem[] }>(`/api/outbox${query}`)).body.items;

/** Asks the outbox until `done` holds (the sender works in the background). */
async function outboxUntil(admin: Api, query: string, done: (items: OutboxItem[]) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const items = await outbox(admin, query);
    if (done(items) || Date.now() > deadline) return items;
    await new Promise((wait) => setTimeout(wait, 100));
  }
}

const linkIn = (text: string) => /(http:\/\/\S+\/invitations\/accept\?token=([A-Za-z0-9_-]+))/.exec(text);

describe('mail without a mail server (no SMTP_URL)', () => {
  let server: TestServer;
  let admin: Api;

  beforeAll(async () => {
    server = await startServer();
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await importRoster(admin, [person('H1'), person('H2'), person('H3')]);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('holds an invitation with send in the outbox, for an admin only to see', async () => {
    const invited = await admin.post('/api/auth/invitations', { employeeId: 'H1', send: true });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      sent: true,
      url: expect.stringContaining('/invitations/accept?token='),
    });
    expect(await outbox(admin, '?status=held')).toEqual([
      expect.objectContaining({
        to: 'h1@district.test',
        kind: 'invitation',
        status: 'held',
        attempts: 0,
        sentAt: null,
      }),
    ]);
    const hr = await admin.get('/api/outbox');
    expect(hr.status).toBe(200);
    expect((await new Api(server.url).get('/api/outbox')).status).toBe(401);
    const bad = await admin.get<{ message: string[] }>('/api/outbox?status=lost&kind=postcard');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^status must be one of/),
        expect.stringMatching(/^kind must be/),
      ]),
    );
  });

  it('answers a password reset 202 either way; a new link replaces the unsent one', async () => {
    const known = await new Api(server.url).post('/api/auth/password-reset', { email: 'H1@district.test' });
    const unknown = await new Api(server.url).post('/api/auth/password-reset', {
      email: 'nobody@district.test',
    });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(known.body).toEqual(unknown.body);
    const items = await outboxUntil(admin, '', (all) => all.some((item) => item.kind === 'password-reset'));
    expect(items.filter((item) => item.to === 'nobody@district.test')).toEqual([]);
    expect(items.find((item) => item.kind === 'password-reset')).toMatchObject({
      to: 'h1@district.test',
      status: 'held',
    });
    // The invitation's link no longer works, so its message is never sent, nor can it be retried.
    const invitation = items.find((item) => item.kind === 'invitation') as OutboxItem;
    expect(invitation).toMatchObject({ status: 'failed', error: expect.stringContaining('Replaced') });
    expect((await admin.post(`/api/outbox/${invitation.id}/retry`)).status).toBe(409);
    expect((await admin.post('/api/outbox/999999/retry')).status).toBe(404);
    const bad = await new Api(server.url).post<{ message: string[] }>('/api/auth/password-reset', {
      email: 'x',
    });
    expect([bad.status, bad.body.message]).toEqual([400, ['email must be an email address']]);
  });

  it('writes everyone’s invitation to the outbox from the command line, with --send', async () => {
    const done = await run(process.execPath, [built('src/cli/main.js'), 'invitations', '--send'], {
      env: childEnv({ DATABASE_URL: server.db.url, PUBLIC_URL: server.url }),
    });
    expect(done.stdout).toContain('Wrote 3 sign-in links to the outbox, held there');
    const held = await outbox(admin, '?status=held&kind=invitation');
    expect(held.map((item) => item.to).sort()).toEqual([
      'h1@district.test',
      'h2@district.test',
      'h3@district.test',
    ]);
    expect(server.output()).not.toMatch(/token=/);
  });
});

describe('mail through a real SMTP server', () => {
  let smtp: TestSmtp;
  let server: TestServer;
  let admin: Api;
  const refused = new Set(['bounce@district.test']);

  beforeAll(async () => {
    smtp = await startSmtp({ refuse: (address) => refused.has(address) });
    server = await startServer({
      SMTP_URL: `smtp://hearth:smtp-secret-9@127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Hearth Training <training@district.test>',
      HEARTH_DISTRICT_NAME: 'Lincoln Unified',
    });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await importRoster(admin, [
      person('M1', { firstName: 'Ana' }),
      person('M2'),
      person('B1', { email: 'bounce@district.test' }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  const mailTo = async (address: string, count = 1): Promise<Received[]> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = smtp.received.filter((message) => message.to.includes(address));
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`No mail to ${address}`);
      await new Promise((wait) => setTimeout(wait, 50));
    }
  };

  it('mails an invitation whose link sets a password, with a plain-text part', async () => {
    expect((await admin.post('/api/auth/invitations', { employeeId: 'M1', send: true })).status).toBe(201);
    const [message] = await mailTo('m1@district.test');
    expect(message.from).toBe('training@district.test');
    expect(message.subject).toBe('Your Lincoln Unified training account on Hearth');
    expect(message.messageId).toMatch(/^<[0-9a-f-]{36}@127\.0\.0\.1>$/);
    expect(message.text).toContain('Hello Ana,');
    expect(message.html).toContain('<html lang="en">');
    const link = linkIn(message.text);
    expect(link?.[1].startsWith(`${server.url}/invitations/accept?token=`)).toBe(true);
    expect(message.html.replaceAll('&#x3D;', '=')).toContain(link?.[1]);
    const anonymous = new Api(server.url);
    const accepted = await anonymous.post('/api/auth/accept-invitation', {
      token: link?.[2],
      password: 'a-long-password-1',
    });
    expect(accepted.status).toBe(200);
    await anonymous.login('m1@district.test', 'a-long-password-1');
    const [sent] = await outboxUntil(admin, '?kind=invitation', (items) => items[0]?.status === 'sent');
    expect(sent).toMatchObject({
      to: 'm1@district.test',
      status: 'sent',
      attempts: 1,
      sentAt: expect.any(String),
    });
  });

  it('mails a password reset link to a known e-mail only', async () => {
    const anonymous = new Api(server.url);
    expect(
      (await anonymous.post('/api/auth/password-reset', { email: 'stranger@district.test' })).status,
    ).toBe(202);
    expect((await anonymous.post('/api/auth/password-reset', { email: 'm1@district.test' })).status).toBe(
      202,
    );
    const [message] = (await mailTo('m1@district.test', 2)).slice(1);
    expect(message.subject).toBe('Reset your Hearth password');
    const link = linkIn(message.text);
    const reset = await anonymous.post('/api/auth/accept-invitation', {
      token: link?.[2],
      password: 'another-long-password-2',
    });
    expect(reset.status).toBe(200);
    await anonymous.login('m1@district.test', 'another-long-password-2');
    expect(smtp.received.some((m) => m.to.includes('stranger@district.test'))).toBe(false);
  });

  it('fails a message the mail server refuses (5xx), and sends it when an admin retries', async () => {
    expect((await admin.post('/api/auth/invitations', { employeeId: 'B1', send: true })).status).toBe(201);
    const [failed] = await outboxUntil(admin, '?status=failed', (items) => items.length > 0);
    expect(failed).toMatchObject({
      to: 'bounce@district.test',
      status: 'failed',
      attempts: 1,
      error: expect.stringContaining('550'),
    });
    refused.clear();
    expect((await admin.post(`/api/outbox/${failed.id}/retry`)).status).toBe(202);
    const [message] = await mailTo('bounce@district.test');
    expect(linkIn(message.text)).not.toBeNull();
    const audit = await admin.get<{ action: string; target: string }[]>('/api/audit?action=mail.retry');
    expect(audit.body).toEqual([
      expect.objectContaining({ action: 'mail.retry', target: `mail ${failed.id}` }),
    ]);
    expect((await admin.post(`/api/outbox/${failed.id}/retry`)).status).toBe(409);
  });

  it('keeps links, tokens and the SMTP password out of the logs', () => {
    const output = server.output();
    expect(output).not.toMatch(/token=|smtp-secret-9/);
    for (const message of smtp.received) expect(output).not.toContain(linkIn(message.text)?.[2] ?? 'none');
  });
});

describe('an SMTP outage while 50 messages wait', () => {
  let server: TestServer;
  let smtp: TestSmtp | undefined;

  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it('sends all 50 once the mail server is back, each exactly once', async () => {
    const port = await freePort();
    server = await startServer({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const people = Array.from({ length: 50 }, (_, i) => person(`Q${i + 1}`));
    await importRoster(admin, people);
    for (const one of people)
      expect(
        (await admin.post('/api/auth/invitations', { employeeId: one.employeeId, send: true })).status,
      ).toBe(201);
    // The sender has tried, found no server, and waits; the messages are untouched.
    const deadline = Date.now() + 30_000;
    while (!server.output().includes('The mail server cannot be reached') && Date.now() < deadline)
      await new Promise((wait) => setTimeout(wait, 100));
    expect(server.output()).toContain('The mail server cannot be reached');
    const waiting = await outbox(admin, '?status=pending');
    expect(waiting).toHaveLength(50);
    expect(waiting.every((item) => item.attempts === 0)).toBe(true);

    smtp = await startSmtp({ port });
    const received = await smtp.waitFor(50, 40_000);
    await outboxUntil(admin, '?status=sent', (items) => items.length === 50);
    expect(server.output()).toContain('The mail server answers again');
    expect(received).toHaveLength(50);
    expect(new Set(received.map((message) => message.messageId)).size).toBe(50);
    expect(new Set(received.flatMap((message) => message.to))).toEqual(new Set(people.map((p) => p.email)));
  }, 90_000);
});
