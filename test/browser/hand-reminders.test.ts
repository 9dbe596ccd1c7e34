import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import {
  browserSuiteRuns,
  expectNoA11yViolations,
  heading,
  launchBrowser,
  navigateBy,
  pageWidths,
  signInWithForm,
} from '../support/browser.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { startServer, ADMIN, type TestServer } from '../support/server.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';

const TIMEOUT = 60_000;
const suite = browserSuiteRuns() ? describe : describe.skip;
/** Where the screenshots go, to be looked at (HEARTH_SHOTS, else the temporary directory). */
const SHOTS = process.env.HEARTH_SHOTS ?? join(tmpdir(), 'hearth-shots');

/** The element that has the keyboard's focus, as its tag, id and text say. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { activeElement: { tagName: string; id: string; textContent: string | null } | null };
    };
    const element = g.document.activeElement;
    return element ? `${element.tagName} ${element.id} ${(element.textContent ?? '').trim()}` : '';
  });

suite('reminders by hand from the overdue list in Chromium (axe-core)', () => {
  let smtp: TestSmtp;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    smtp = await startSmtp();
    browser = await launchBrowser();
    server = await startServer({
      COURSES_DIR: resolve('test/fixtures/courses'),
      HEARTH_TODAY: '2026-11-23',
      SMTP_URL: smtp.url,
      HEARTH_REMINDERS: 'false',
    });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await enrol(
      admin,
      [
        makeStaff({ employeeId: 'K1', firstName: 'Kai', lastName: 'Okafor', email: 'kai@district.test' }),
        makeStaff({ employeeId: 'K2', firstName: 'Noor', lastName: 'Haddad', email: 'noor@district.test' }),
        makeStaff({
          employeeId: 'K3',
          firstName: 'Lin',
          lastName: 'Wu',
          email: 'lin@district.test',
          siteCode: 'OAK',
          siteName: 'Oak Grove Elementary',
        }),
        makeStaff({ employeeId: 'H1', email: 'hr@district.test', jobRole: 'support' }),
        makeStaff({ employeeId: 'P1', email: 'principal@district.test', jobRole: 'administrator' }),
      ],
      { H1: ['hr', 'admin'] },
    );
    ({ context, page } = await signInWithForm(browser, server.url, 'hr@district.test', TEST_PASSWORD));
  }, TIMEOUT);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  }, TIMEOUT);

  it(
    'ticks and sends a reminder by keyboard alone, and confirms it, axe-clean',
    async () => {
      await page.goto('/hr/overdue');
      expect(await heading(page)).toBe('Overdue staff');
      await expectNoA11yViolations(page, 'the overdue list with mail');
      await page.screenshot({ path: join(SHOTS, 'overdue-1280.png'), fullPage: true });

      // From the first tick on: Space ticks it, Tab moves on until the reminder button, Enter sends.
      await page.locator('#pick-0').focus();
      await page.keyboard.press('Space');
      expect(await page.locator('#pick-0').isChecked()).toBe(true);
      let presses = 0;
      while (!(await focused(page)).includes('Send a reminder') && presses++ < 30)
        await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('BUTTON  Send a reminder to the people ticked');
      await navigateBy(page, () => page.keyboard.press('Enter'));
      expect(new URL(page.url()).pathname).toBe('/hr/overdue');
      await expect(page.getByRole('status').innerText()).resolves.toContain('Reminder queued for 1 person.');
      await expectNoA11yViolations(page, 'the overdue list after a reminder');
      const [mail] = await smtp.waitFor(1);
      // The list is by site, then last name: Noor Haddad is first.
      expect(mail.to).toEqual(['noor@district.test']);
    },
    TIMEOUT,
  );

  it(
    'fits a phone, axe-clean, with both actions in reach',
    async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto('/hr/overdue');
      const { scrollWidth, innerWidth } = await pageWidths(page);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await expectNoA11yViolations(page, 'the overdue list on a phone');
      await expect(
        page.getByRole('button', { name: 'Send a reminder to the people ticked' }).isVisible(),
      ).resolves.toBe(true);
      await page.screenshot({ path: join(SHOTS, 'overdue-390.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });
    },
    TIMEOUT,
  );

  it(
    'writes times in words on the audit log and the mail outbox, axe-clean',
    async () => {
      const inWords = /^[A-Z][a-z]+ \d{1,2}, \d{4}, \d\d:\d\d$/;
      await navigateBy(page, () => page.getByRole('link', { name: 'Audit log' }).click());
      const when = page.locator('time').first();
      expect(await when.innerText()).toMatch(inWords);
      expect(Date.parse((await when.getAttribute('datetime')) ?? '')).not.toBeNaN();
      await expectNoA11yViolations(page, 'the audit log');
      await page.screenshot({ path: join(SHOTS, 'audit-1280.png'), fullPage: true });

      await navigateBy(page, () => page.getByRole('link', { name: 'Mail outbox' }).click());
      const row = (await page.locator('table tbody tr').first().innerText()).replace(/\s+/g, ' ');
      expect(row).toMatch(/[A-Z][a-z]+ \d{1,2}, \d{4}, \d\d:\d\d/);
      expect(row).not.toMatch(/\d{4}-\d\d-\d\d/);
      await expectNoA11yViolations(page, 'the mail outbox');
      await page.screenshot({ path: join(SHOTS, 'outbox-1280.png'), fullPage: true });

      await navigateBy(page, () => page.getByRole('link', { name: 'Compliance' }).click());
      await expect(page.locator('.meta').first().innerText()).resolves.toContain('due October 31, 2026');
      await page.screenshot({ path: join(SHOTS, 'dashboard-1280.png'), fullPage: true });
    },
    TIMEOUT,
  );

  it(
    'gives a site leader the same action on their school’s page, axe-clean at both widths',
    async () => {
      const leader = await signInWithForm(browser, server.url, 'principal@district.test', TEST_PASSWORD);
      try {
        await leader.page.goto('/site/LIN');
        await leader.page.locator('#pick-0').check();
        await navigateBy(leader.page, () =>
          leader.page.getByRole('button', { name: 'Send a reminder to the people ticked' }).click(),
        );
        // Noor was reminded by HR today already.
        await expect(leader.page.getByRole('status').innerText()).resolves.toContain(
          '1 person skipped: already reminded today',
        );
        await expectNoA11yViolations(leader.page, 'a site’s page with mail');
        await leader.page.screenshot({ path: join(SHOTS, 'site-1280.png'), fullPage: true });
        await leader.page.setViewportSize({ width: 390, height: 844 });
        const { scrollWidth, innerWidth } = await pageWidths(leader.page);
        expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
        await expectNoA11yViolations(leader.page, 'a site’s page with mail on a phone');
        await leader.page.screenshot({ path: join(SHOTS, 'site-390.png'), fullPage: true });
      } finally {
        await leader.context.close();
      }
    },
    TIMEOUT,
  );
});
