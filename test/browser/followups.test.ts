import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import {
  browserSuiteRuns,
  expectNoA11yViolations,
  launchBrowser,
  navigateBy,
  pageWidths,
  signInWithForm,
} from '../support/browser.js';
import { enrol, finishExampleCourse, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TIMEOUT = 90_000;
const suite = browserSuiteRuns() ? describe : describe.skip;
const COURSES = resolve('test/fixtures/courses');
const LEARNER = makeStaff({ employeeId: 'F1', email: 'f1@district.test' });

suite('a follow-up on My training, and the reflection box saving as you type, in Chromium (axe-core)', () => {
  let db: TestDatabase;
  let server: TestServer | undefined;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    db = await createTestDatabase();
    // Finished on September 1; served as of September 8, when the 7-day follow-up comes due.
    server = await startServer({ COURSES_DIR: COURSES, HEARTH_TODAY: '2026-09-01' }, { db });
    const sessions = await enrol(await new Api(server.url).login(ADMIN.email, ADMIN.password), [LEARNER]);
    const learner = sessions.get(LEARNER.email) as Api;
    await finishExampleCourse(learner);
    await server.stop();
    server = await startServer({ COURSES_DIR: COURSES, HEARTH_TODAY: '2026-09-08' }, { db });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await db?.drop();
  }, TIMEOUT);

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    it(
      `shows the due follow-up on My training and its page, at ${viewport.width} px`,
      async () => {
        const { context, page } = await signInWithForm(
          browser,
          server?.url ?? '',
          LEARNER.email,
          TEST_PASSWORD,
          viewport,
        );
        try {
          const link = page.getByRole('link', { name: 'A Week On' });
          await expect(link.count()).resolves.toBe(1);
          await expectNoA11yViolations(page, `My training with a follow-up (${viewport.width} px)`);
          expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(viewport.width);
          await page.screenshot({ path: `/tmp/hearth-followup-home-${viewport.width}.png`, fullPage: true });
          await navigateBy(page, () => link.click());
          await expect(page.locator('h1').innerText()).resolves.toBe('A Week On');
          await expect(page.getByText('Greet three students by name at the door.').count()).resolves.toBe(1);
          await expectNoA11yViolations(page, `the follow-up page (${viewport.width} px)`);
          expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(viewport.width);
          await page.screenshot({ path: `/tmp/hearth-followup-${viewport.width}.png`, fullPage: true });
        } finally {
          await context.close();
        }
      },
      TIMEOUT,
    );
  }

  it(
    'saves the reflection as the person types (no Save pressed), then marks the follow-up done by keyboard',
    async () => {
      const { context, page } = await signInWithForm(
        browser,
        server?.url ?? '',
        LEARNER.email,
        TEST_PASSWORD,
      );
      try {
        await page.goto('/learn/example/followups/first-week');
        await page.getByLabel('Your answer to the reflection above (optional)').focus();
        await page.keyboard.type('Two of them answered with their nicknames.');
        const status = page.locator('[data-autosave-status]');
        await status.getByText('Saved at', { exact: false }).waitFor();
        await expect(status.getAttribute('role')).resolves.toBe('status');
        await expectNoA11yViolations(page, 'the follow-up after saving as you type');
        await page.reload();
        await expect(
          page.getByLabel('Your answer to the reflection above (optional)').inputValue(),
        ).resolves.toBe('Two of them answered with their nicknames.');
        await page.getByRole('button', { name: 'Mark as done' }).focus();
        await navigateBy(page, () => page.keyboard.press('Enter'));
        await expect(page.getByRole('status').first().innerText()).resolves.toBe(
          'Done: this follow-up is off your list.',
        );
        await page.goto('/');
        await expect(page.getByRole('link', { name: 'A Week On' }).count()).resolves.toBe(0);
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});
