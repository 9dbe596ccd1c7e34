import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
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
import { enrol, finishExampleCourse, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const TIMEOUT = 90_000;
const suite = browserSuiteRuns() ? describe : describe.skip;
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];
const SHOTS = join(tmpdir(), 'hearth-admin-shots');

const PEOPLE = [
  makeStaff({ employeeId: 'L1', firstName: 'José', lastName: 'Begay', email: 'jose@district.test' }),
  makeStaff({
    employeeId: 'L2',
    firstName: 'Zoë',
    lastName: 'Müller',
    siteCode: 'OAK',
    siteName: 'Oak Grove',
  }),
  makeStaff({ employeeId: 'HR1', email: 'hr@district.test', jobRole: 'support' }),
];

/** Checks the page as it is now: axe, the CSP, no sideways scrolling; and keeps a screenshot. */
async function check(page: Page, label: string, width: number): Promise<void> {
  await expectNoA11yViolations(page, `${label} (${width} px)`);
  expect({ label, fits: (await pageWidths(page)).scrollWidth <= width }).toEqual({ label, fits: true });
  await page.screenshot({ path: join(SHOTS, `${label.replace(/\W+/g, '-')}-${width}.png`), fullPage: true });
}

suite('the admin’s pages and finding people, in Chromium (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;
  let serial: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
    server = await startServer({
      COURSES_DIR: resolve('test/fixtures/courses'),
      HEARTH_TODAY: '2026-09-01',
      HEARTH_REMINDERS: 'false',
      SMTP_URL: 'smtp://mailer:Wq8Tz3Nb@127.0.0.1:9',
    });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const sessions = await enrol(admin, PEOPLE, { HR1: ['hr'] });
    serial = await finishExampleCourse(sessions.get('jose@district.test') as Api);
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  for (const viewport of VIEWPORTS) {
    it(
      `lets an admin find a person and grant a role, then read the audit log and the configuration, at ${viewport.width} px`,
      async () => {
        const { context, page } = await signInWithForm(
          browser,
          server.url,
          ADMIN.email,
          ADMIN.password,
          viewport,
        );
        try {
          // The admin's home is People.
          expect(new URL(page.url()).pathname).toBe('/admin/people');
          expect(await heading(page)).toBe('People and roles');
          await check(page, 'people', viewport.width);

          await page.getByLabel('Name, email or employee id').fill('jose begay');
          await navigateBy(page, () => page.getByRole('button', { name: 'Search' }).click());
          await check(page, 'people search', viewport.width);
          await navigateBy(page, () => page.getByRole('link', { name: /Begay/ }).click());
          expect(await heading(page)).toBe('José Begay');
          await check(page, 'a person’s roles', viewport.width);
          const trainer = page.getByLabel('Trainer');
          if (await trainer.isChecked()) await trainer.uncheck();
          else await trainer.check();
          await navigateBy(page, () => page.getByRole('button', { name: 'Save roles' }).click());
          await expect(page.getByRole('status').innerText()).resolves.toContain('Roles saved');
          await check(page, 'roles saved', viewport.width);

          await navigateBy(page, () => page.getByRole('link', { name: 'Audit log' }).click());
          await page.getByLabel('Action').selectOption('account.roles');
          await navigateBy(page, () => page.getByRole('button', { name: 'Show' }).click());
          expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
          expect(await page.locator('#error-summary').count()).toBe(0);
          await check(page, 'audit log', viewport.width);

          await navigateBy(page, () => page.getByRole('link', { name: 'Configuration' }).click());
          expect(await heading(page)).toBe('Configuration');
          const text = await page.locator('main').innerText();
          expect(text).toContain('smtp://(credentials hidden)@127.0.0.1:9');
          expect(text).not.toContain('Wq8Tz3Nb');
          await check(page, 'configuration', viewport.width);
        } finally {
          await context.close();
        }
      },
      TIMEOUT,
    );

    it(
      `lets HR land on Compliance, find staff accents aside, sort them, and find a certificate by a lower-case serial, at ${viewport.width} px`,
      async () => {
        const { context, page } = await signInWithForm(
          browser,
          server.url,
          'hr@district.test',
          TEST_PASSWORD,
          viewport,
        );
        try {
          expect(new URL(page.url()).pathname).toBe('/hr');
          expect(await heading(page)).toBe('Compliance');

          await navigateBy(page, () => page.getByRole('link', { name: 'Staff', exact: true }).click());
          await page.getByLabel('Name, email or employee id').fill('zoe muller');
          await navigateBy(page, () => page.getByRole('button', { name: 'Search' }).click());
          await expect(page.locator('tbody').innerText()).resolves.toContain('Müller');
          // The selects left on "All …" are no filter, and no error.
          expect(await page.locator('#error-summary').count()).toBe(0);
          await check(page, 'staff search', viewport.width);
          await page.getByLabel('Name, email or employee id').fill('');
          await page.getByLabel('Site').selectOption('OAK');
          await navigateBy(page, () => page.getByRole('button', { name: 'Search' }).click());
          expect(await page.locator('tbody tr').count()).toBe(1);
          await navigateBy(page, () => page.getByRole('link', { name: 'Clear the search' }).click());
          await navigateBy(page, () => page.getByRole('link', { name: /^Employee id/ }).click());
          await navigateBy(page, () => page.getByRole('link', { name: /^Employee id/ }).click());
          expect(await page.locator('th[aria-sort="descending"]').innerText()).toContain('Employee id');
          expect(await page.locator('tbody tr th').first().innerText()).toContain('Müller');
          await check(page, 'staff sorted', viewport.width);

          await navigateBy(page, () => page.getByRole('link', { name: 'Find a certificate' }).click());
          await page
            .getByLabel('Certificate number, name or employee id')
            .fill(serial.replace(/-/g, '').toLowerCase());
          await navigateBy(page, () => page.getByRole('button', { name: 'Search' }).click());
          await expect(page.locator('main').innerText()).resolves.toContain(serial);
          await check(page, 'certificate found', viewport.width);
        } finally {
          await context.close();
        }
      },
      TIMEOUT,
    );
  }

  it(
    'works without JavaScript: the staff filters and the roles form are plain forms',
    async () => {
      const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.goto('/login');
        await page.fill('#email', ADMIN.email);
        await page.fill('#password', ADMIN.password);
        await navigateBy(page, () => page.getByRole('button', { name: 'Sign in' }).click());
        expect(new URL(page.url()).pathname).toBe('/admin/people');
        await page.getByLabel('Hearth role').selectOption('hr');
        await navigateBy(page, () => page.getByRole('button', { name: 'Search' }).click());
        expect(new URL(page.url()).searchParams.get('access')).toBe('hr');
        expect(await page.locator('#error-summary').count()).toBe(0);
        await expect(page.locator('tbody').innerText()).resolves.toContain('hr@district.test');
        await navigateBy(page, () => page.locator('tbody a').first().click());
        await page.getByLabel('Trainer').check();
        await navigateBy(page, () => page.getByRole('button', { name: 'Save roles' }).click());
        await expect(page.locator('main').innerText()).resolves.toContain(
          'Roles saved: learner, trainer, hr.',
        );
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});
