import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeStaff } from '../factories/staff.factory.js';
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
import { childEnv } from '../support/child-env.js';
import { built } from '../support/dist.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const run = promisify(execFile);
const TIMEOUT = 60_000;
const suite = browserSuiteRuns() ? describe : describe.skip;
// The example course is due 2026-10-31: a week before, everyone pending is reminded.
const TODAY = '2026-10-24';

suite("HR's reminders pages in Chromium (axe-core)", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: TODAY });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await enrol(
      admin,
      [
        makeStaff({ employeeId: 'R1', firstName: 'Rui', lastName: 'Costa', email: 'rui@district.test' }),
        makeStaff({ employeeId: 'R2', firstName: 'Ama', lastName: 'Mensah', email: 'ama@district.test' }),
        makeStaff({ employeeId: 'H1', email: 'hr@district.test', jobRole: 'support' }),
      ],
      { H1: ['hr'] },
    );
    await run(process.execPath, [built('src/cli/main.js'), 'reminders', 'run'], {
      env: childEnv({
        DATABASE_URL: server.db.url,
        PUBLIC_URL: server.url,
        COURSES_DIR: resolve('test/fixtures/courses'),
        HEARTH_TODAY: TODAY,
        HEARTH_REMINDERS: 'true',
      }),
    });
    ({ context, page } = await signInWithForm(browser, server.url, 'hr@district.test', TEST_PASSWORD));
  }, TIMEOUT);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  it(
    "lists the day's run and who was reminded, each linking to their page, which lists it too",
    async () => {
      await navigateBy(page, () => page.getByRole('link', { name: 'Reminders' }).click());
      expect(await heading(page)).toBe('Reminders');
      const runs = await page.locator('table').first().locator('tbody tr').allInnerTexts();
      expect(runs.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
        expect.stringMatching(/^October 24, 2026 Finished [A-Z][a-z]+ \d{1,2}, \d{4}, \d\d:\d\d 2 0$/),
      ]);
      const sent = await page.locator('table').nth(1).locator('tbody tr').allInnerTexts();
      expect(sent.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
        expect.stringMatching(/^Rui Costa R1 Lincoln Elementary Reminder of 1 course Held/),
        expect.stringMatching(/^Ama Mensah R2 Lincoln Elementary Reminder of 1 course Held/),
      ]);
      await expectNoA11yViolations(page, 'the reminders page');
      await page.screenshot({ path: '/tmp/hearth-hr-reminders.png', fullPage: true });
      await navigateBy(page, () => page.getByRole('link', { name: 'Rui Costa' }).click());
      expect(await page.getByRole('heading', { name: 'Reminders sent' }).count()).toBe(1);
      expect(await page.getByText(/October 24, 2026: Reminder of 1 course/).count()).toBe(1);
      await expectNoA11yViolations(page, 'a staff page with its reminders');
    },
    TIMEOUT,
  );

  it(
    'fits a phone',
    async () => {
      await expectFitsPhone(page, ['/hr/reminders', '/hr/reminders?day=2026-10-24', '/hr/staff/R1']);
      await page.screenshot({ path: '/tmp/hearth-hr-reminders-phone.png', fullPage: true });
      await expectNoA11yViolations(page, 'the staff page on a phone');
    },
    TIMEOUT,
  );
});
