import { resolve } from 'node:path';
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
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const TIMEOUT = 60_000;
const suite = browserSuiteRuns() ? describe : describe.skip;
/** Where the screenshots go, to be looked at by a person. */
const SHOTS = process.env.HEARTH_SCREENSHOTS ?? '/tmp';

suite("a site leader's school page in Chromium (axe-core)", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-11-23' });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const lin = { siteCode: 'LIN', siteName: 'Lincoln Elementary' };
    const people = [
      makeStaff({ employeeId: 'P1', ...lin, email: 'principal@district.test', jobRole: 'administrator' }),
      makeStaff({
        employeeId: 'D1',
        ...lin,
        firstName: 'Dana',
        lastName: 'Done',
        email: 'dana@district.test',
      }),
      makeStaff({
        employeeId: 'O1',
        ...lin,
        firstName: '<script>alert(1)</script>',
        lastName: 'Overdue-Longname-Withoutspaces',
        email: 'omar@district.test',
        jobRole: 'paraprofessional',
      }),
      makeStaff({ employeeId: 'O2', siteCode: 'OAK', siteName: 'Oak Grove', email: 'oak@district.test' }),
      makeStaff({ employeeId: 'H1', email: 'hr@district.test', jobRole: 'support' }),
    ];
    const sessions = await enrol(admin, people, { H1: ['hr'] });
    const done = sessions.get('dana@district.test') as Api;
    for (const module of ['welcome', 'hard-days'])
      await done.post(`/api/me/courses/example/modules/${module}/complete`);
    await done.post('/api/me/courses/example/attest');
    await done.post('/api/me/courses/example/quiz/attempts', {
      answers: { q1: 'a', q2: ['a', 'c'], q3: 'a' },
    });
    ({ context, page } = await signInWithForm(browser, server.url, 'principal@district.test', TEST_PASSWORD));
  }, TIMEOUT);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  it(
    'takes the leader from My school to their site: totals, the table by role, the overdue list',
    async () => {
      await navigateBy(page, () => page.getByRole('link', { name: 'My school' }).click());
      expect(new URL(page.url()).pathname).toBe('/site/LIN');
      expect(await heading(page)).toBe('Lincoln Elementary');
      const rows = await page.locator('table.report tbody tr').allInnerTexts();
      expect(rows.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
        'Paraprofessionals 1 0 0 0 1 0 0.0%',
        'Teachers 1 1 0 0 0 0 100.0%',
      ]);
      const overdue = (await page.locator('#overdue-caption + thead + tbody tr').innerText()).replace(
        /\s+/g,
        ' ',
      );
      // The name is text, never markup.
      expect(overdue).toContain(
        '<script>alert(1)</script> Overdue-Longname-Withoutspaces O1 Paraprofessionals',
      );
      expect(overdue).toContain('October 31, 2026 overdue by 23 days Not started');
      expect(
        await page.getByRole('link', { name: 'Download the overdue list (CSV)' }).getAttribute('href'),
      ).toBe('/site/LIN/overdue.csv');
      await expectNoA11yViolations(page, 'the site page');
      await page.screenshot({ path: `${SHOTS}/hearth-site-desktop.png`, fullPage: true });
    },
    TIMEOUT,
  );

  it(
    'filters by course with the keyboard alone',
    async () => {
      await page.goto('/site/LIN');
      await page.focus('#course');
      await page.keyboard.press('ArrowDown');
      await page.focus('#asOf');
      await navigateBy(page, () => page.keyboard.press('Enter'));
      expect(new URL(page.url()).searchParams.get('course')).toBe('example@2026-27');
      expect(await page.locator('#course').inputValue()).toBe('example@2026-27');
      await expectNoA11yViolations(page, 'the site page filtered by course');
    },
    TIMEOUT,
  );

  it(
    'fits a 360 px screen without scrolling sideways, and passes axe there',
    async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto('/site/LIN');
      const { scrollWidth, innerWidth } = await pageWidths(page);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await expectNoA11yViolations(page, 'the site page at 360 px');
      await page.screenshot({ path: `${SHOTS}/hearth-site-360.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });
    },
    TIMEOUT,
  );

  it(
    'lists every site for HR, and refuses a leader another site',
    async () => {
      const refused = await page.goto('/site/OAK');
      expect(refused?.status()).toBe(403);
      const hr = await signInWithForm(browser, server.url, 'hr@district.test', TEST_PASSWORD);
      await hr.page.goto('/site');
      expect(await heading(hr.page)).toBe('Sites');
      await navigateBy(hr.page, () => hr.page.getByRole('link', { name: 'Oak Grove' }).click());
      expect(await heading(hr.page)).toBe('Oak Grove');
      await expectNoA11yViolations(hr.page, 'a site page for HR');
      await hr.page.goto('/site');
      await expectNoA11yViolations(hr.page, 'the list of sites');
      await hr.context.close();
    },
    TIMEOUT,
  );
});
