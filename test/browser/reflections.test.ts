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
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const TIMEOUT = 60_000;
const suite = browserSuiteRuns() ? describe : describe.skip;
const LEARNER = makeStaff({ employeeId: 'F1', email: 'f1@district.test', hireDate: '2020-08-10' });

suite('the private reflection box in Chromium (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ HEARTH_TODAY: '2026-11-23' });
    await enrol(await new Api(server.url).login(ADMIN.email, ADMIN.password), [LEARNER]);
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 360, height: 740 },
  ]) {
    it(
      `saves a reflection by keyboard alone and lists it on My reflections, at ${viewport.width} px`,
      async () => {
        const { context, page } = await signInWithForm(
          browser,
          server.url,
          LEARNER.email,
          TEST_PASSWORD,
          viewport,
        );
        try {
          await page.goto('/learn/healing-centered/modules/brain-and-stress');
          const box = page.getByLabel('Your answer to the reflection above (optional)');
          await expect(
            page.getByText('Private: only you can read it.', { exact: false }).count(),
          ).resolves.toBe(1);
          await expectNoA11yViolations(page, `the module with its reflection box (${viewport.width} px)`);
          await box.focus();
          await page.keyboard.type(`Written at ${viewport.width} px.`);
          await page.keyboard.press('Tab');
          await page.keyboard.press('Tab');
          await navigateBy(page, () => page.keyboard.press('Enter'));
          await expect(page.getByRole('status').first().innerText()).resolves.toContain(
            'Your reflection is saved.',
          );
          await expect(box.inputValue()).resolves.toContain(`Written at ${viewport.width} px.`);
          await expectNoA11yViolations(page, `the module after saving (${viewport.width} px)`);
          expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(viewport.width);
          await page.screenshot({ path: `/tmp/hearth-reflection-${viewport.width}.png`, fullPage: true });
          await page.goto('/reflections');
          await expect(
            page.getByText(`Written at ${viewport.width} px.`, { exact: false }).count(),
          ).resolves.toBe(1);
          await expectNoA11yViolations(page, `My reflections (${viewport.width} px)`);
        } finally {
          await context.close();
        }
      },
      TIMEOUT,
    );
  }
});
