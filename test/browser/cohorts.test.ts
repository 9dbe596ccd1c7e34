import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
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
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const TIMEOUT = 60_000;
const suite = browserSuiteRuns() ? describe : describe.skip;
const HR = makeStaff({ employeeId: 'HR', email: 'hr@district.test', jobRole: 'support' });
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

suite('community cohorts in Chromium (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-11-23' });
    await enrol(await new Api(server.url).login(ADMIN.email, ADMIN.password), [HR], { HR: ['hr'] });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  for (const viewport of VIEWPORTS) {
    it(
      `lets HR create a cohort and read its code, then someone join by its link, at ${viewport.width} px`,
      async () => {
        const hr = await signInWithForm(browser, server.url, HR.email, TEST_PASSWORD, viewport);
        let link: string;
        try {
          const { page } = hr;
          await page.goto('/hr/cohorts');
          await expectNoA11yViolations(page, `the cohorts page (${viewport.width} px)`);
          await page.getByLabel('Name').fill(`Partners at ${viewport.width} px`);
          await page.getByLabel('An Example Course').check();
          await page.getByLabel('Last day to join').fill('2026-12-18');
          await navigateBy(page, () => page.getByRole('button', { name: 'Create cohort' }).click());
          expect(await heading(page)).toBe(`Partners at ${viewport.width} px`);
          await expect(page.getByRole('status').first().innerText()).resolves.toContain('Cohort created');
          await expectNoA11yViolations(page, `a cohort's page (${viewport.width} px)`);
          expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(viewport.width);
          await page.screenshot({ path: `/tmp/hearth-cohort-${viewport.width}.png`, fullPage: true });
          link = await page.locator('a[href*="/join/"]').first().innerText();
        } finally {
          await hr.context.close();
        }

        const context = await browser.newContext({ viewport });
        try {
          const page = await context.newPage();
          await page.goto(link);
          await expectNoA11yViolations(page, `the join page (${viewport.width} px)`);
          expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(viewport.width);
          await page.screenshot({ path: `/tmp/hearth-join-${viewport.width}.png`, fullPage: true });
          await expect(page.getByLabel('Invite code').inputValue()).resolves.toMatch(/^[0-9A-Z]{4}-/);
          await page.getByLabel('First name').fill('Rosa');
          await page.getByLabel('Last name').fill('Medina');
          await page.getByLabel('E-mail address').fill(`rosa${viewport.width}@example.org`);
          await page.getByLabel('Choose a password').fill('a community password');
          await page.getByLabel('Type the password again').fill('not the same one');
          await navigateBy(page, () => page.getByRole('button', { name: 'Join and start learning' }).click());
          await expect(page.getByRole('alert').innerText()).resolves.toContain(
            'The two passwords are not the same.',
          );
          await expectNoA11yViolations(page, `the join page with an error (${viewport.width} px)`);
          await page.screenshot({ path: `/tmp/hearth-join-error-${viewport.width}.png`, fullPage: true });
          await page.getByLabel('Choose a password').fill('a community password');
          await page.getByLabel('Type the password again').fill('a community password');
          await navigateBy(page, () => page.getByRole('button', { name: 'Join and start learning' }).click());
          expect(await heading(page)).toBe('My training');
          await expect(page.getByText('An Example Course').count()).resolves.toBeGreaterThan(0);
          await expectNoA11yViolations(page, `My training for a community learner (${viewport.width} px)`);
          await page.screenshot({ path: `/tmp/hearth-joined-${viewport.width}.png`, fullPage: true });
        } finally {
          await context.close();
        }
      },
      TIMEOUT,
    );
  }

  it(
    'shows HR the cohorts report',
    async () => {
      const { context, page } = await signInWithForm(browser, server.url, HR.email, TEST_PASSWORD);
      try {
        await page.goto('/hr/cohorts/report');
        expect(await heading(page)).toBe('Community cohorts report');
        await expectNoA11yViolations(page, 'the cohorts report');
        await page.screenshot({ path: '/tmp/hearth-cohort-report-1280.png', fullPage: true });
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});
