import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import {
  browserSuiteRuns,
  expectFitsPhone,
  expectNoA11yViolations,
  heading,
  launchBrowser,
  navigateBy,
  signInWithForm,
} from '../support/browser.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';

const TIMEOUT = 60_000;
const suite = browserSuiteRuns() ? describe : describe.skip;

suite('mail pages in Chromium: forgot password, the outbox, inviting everyone (axe-core)', () => {
  let smtp: TestSmtp;
  let server: TestServer;
  let browser: Browser;
  let admin: Api;
  const refused = new Set(['bounce@district.test']);
  let adminPassword = ADMIN.password;

  beforeAll(async () => {
    smtp = await startSmtp({ refuse: (address) => refused.has(address) });
    browser = await launchBrowser();
    server = await startServer({ SMTP_URL: smtp.url });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const roster = [
      makeStaff({ employeeId: 'W1', email: 'w1@district.test' }),
      makeStaff({ employeeId: 'W2', email: 'w2@district.test' }),
      makeStaff({ employeeId: 'B1', email: 'bounce@district.test' }),
    ];
    const imported = await admin.post('/api/staff/import', rosterCsv(roster), 'text/csv');
    if (imported.status !== 200) throw new Error(`import failed: ${imported.status}`);
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  }, TIMEOUT);

  it(
    'takes a person who forgot their password from the sign-in page to a new one, by mail',
    async () => {
      const context = await browser.newContext({ baseURL: server.url });
      try {
        const page = await context.newPage();
        await page.goto('/login');
        await navigateBy(page, () => page.getByRole('link', { name: 'Forgot your password?' }).click());
        expect(await heading(page)).toBe('Forgot your password?');
        await expectNoA11yViolations(page, 'the forgot-password page');
        const empty = await navigateBy(page, () =>
          page.getByRole('button', { name: 'Send me a link' }).click(),
        );
        expect(empty.status()).toBe(400);
        await expectNoA11yViolations(page, 'the forgot-password page with an error');

        await page.fill('#email', ADMIN.email);
        await navigateBy(page, () => page.getByRole('button', { name: 'Send me a link' }).click());
        expect(await heading(page)).toBe('Check your email');
        await expectNoA11yViolations(page, 'the link-sent page');

        const [message] = await smtp.waitFor(1);
        const link = /http:\/\/\S+\/invitations\/accept\?token=[A-Za-z0-9_-]+/.exec(message.text)?.[0] ?? '';
        await page.goto(link);
        expect(await heading(page)).toBe('Set your password');
        await page.fill('#password', 'a-new-admin-password-7');
        await page.fill('#confirm', 'a-new-admin-password-7');
        await navigateBy(page, () => page.getByRole('button', { name: /password/i }).click());
        expect(await heading(page)).toBe('Your password is set');
        await new Api(server.url).login(ADMIN.email, 'a-new-admin-password-7');
        adminPassword = 'a-new-admin-password-7';
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  it(
    'lets HR invite everyone at once, and an admin see the outbox and send a failed message again',
    async () => {
      const { context, page } = await signInWithForm(browser, server.url, ADMIN.email, adminPassword);
      try {
        await page.goto('/hr/staff');
        await expectNoA11yViolations(page, 'the staff page with its invite-everyone button');
        const button = page.getByRole('button', {
          name: 'Email an invitation to everyone who cannot sign in yet',
        });
        await navigateBy(page, () => button.click());
        await expect(page.locator('[role=status]').innerText()).resolves.toContain('Invited 3 people');
        await smtp.waitFor(3);

        await navigateBy(page, () => page.getByRole('link', { name: 'Mail outbox' }).click());
        expect(await heading(page)).toBe('Mail outbox');
        await page.selectOption('#status', 'failed');
        await navigateBy(page, () => page.getByRole('button', { name: 'Show' }).click());
        expect(new URL(page.url()).search).toBe('?status=failed&kind=');
        await expectNoA11yViolations(page, 'the outbox, failed messages');
        refused.clear();
        await navigateBy(page, () => page.getByRole('button', { name: /^Send again/ }).click());
        await expect(page.locator('[role=status]').innerText()).resolves.toMatch(
          /Message \d+ will be sent again/,
        );
        await expectNoA11yViolations(page, 'the outbox after a retry');
        await smtp.waitFor(4);
        expect(smtp.received.filter((m) => m.to.includes('bounce@district.test'))).toHaveLength(1);
        await expectFitsPhone(page, ['/admin/outbox', '/password-reset']);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});
