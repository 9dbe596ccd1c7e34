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
const VIEWPORTS = [
  { width: 1280, height: 800, learner: 'b1@district.test' },
  { width: 390, height: 844, learner: 'b2@district.test' },
];
const OTHERS = ['b3', 'b4', 'b5', 'b6'];

suite('the anonymous survey and its report in Chromium (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ HEARTH_TODAY: '2026-09-01', HEARTH_SURVEY_MIN_GROUP: '3' });
    const people = [
      ...['b1', 'b2', ...OTHERS].map((id, i) =>
        makeStaff({
          employeeId: id.toUpperCase(),
          email: `${id}@district.test`,
          jobRole: i === 5 ? 'counselor' : 'teacher',
        }),
      ),
      makeStaff({ employeeId: 'TR', email: 'tr@district.test', jobRole: 'support' }),
    ];
    const sessions = await enrol(await new Api(server.url).login(ADMIN.email, ADMIN.password), people, {
      TR: ['trainer'],
    });
    // Answers from others, so the report has figures to show and a small group to hide.
    for (const [i, id] of OTHERS.entries())
      await sessions.get(`${id}@district.test`)?.post('/api/me/courses/carma/survey/pre', {
        answers: { 'culture-welcome': 2 + (i % 3), 'choices-matter': 3 },
      });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  for (const viewport of VIEWPORTS) {
    it(
      `answers the before survey by keyboard, with fieldsets and a Skip as plain as Submit, at ${viewport.width} px`,
      async () => {
        const { context, page } = await signInWithForm(
          browser,
          server.url,
          viewport.learner,
          TEST_PASSWORD,
          viewport,
        );
        try {
          await page.goto('/learn/carma');
          await navigateBy(page, () =>
            page.getByRole('link', { name: 'Answer or skip the before survey' }).click(),
          );
          await expect(
            page.getByRole('heading', { name: 'Your answers are anonymous' }).count(),
          ).resolves.toBe(1);
          await expect(page.getByRole('group').count()).resolves.toBe(8);
          const first = page.getByRole('group', { name: /home languages/ });
          await expect(first.getByRole('radio').count()).resolves.toBe(6);
          await expectNoA11yViolations(page, `the survey page (${viewport.width} px)`);
          expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(viewport.width);
          const submit = await page.getByRole('button', { name: 'Submit answers' }).boundingBox();
          const skip = await page.getByRole('button', { name: 'Skip the survey' }).boundingBox();
          expect(Math.abs((submit?.height ?? 0) - (skip?.height ?? 0))).toBeLessThanOrEqual(1);
          await page.screenshot({ path: `/tmp/hearth-survey-${viewport.width}.png`, fullPage: true });
          // By keyboard: focus the first statement's "Agree", choose it with Space, then submit.
          await first.getByRole('radio', { name: 'Agree', exact: true }).focus();
          await page.keyboard.press('Space');
          await expect(first.getByRole('radio', { name: 'Agree', exact: true }).isChecked()).resolves.toBe(
            true,
          );
          await navigateBy(page, () => page.getByRole('button', { name: 'Submit answers' }).press('Enter'));
          await expect(page.getByRole('status').first().innerText()).resolves.toContain(
            'Your answers are stored anonymously',
          );
          await expectNoA11yViolations(page, `the survey thank-you (${viewport.width} px)`);
          await page.goto('/learn/carma');
          await expect(
            page.getByRole('link', { name: 'Answer or skip the before survey' }).count(),
          ).resolves.toBe(0);
        } finally {
          await context.close();
        }
      },
      TIMEOUT,
    );

    it(
      `shows the survey report with its chart, tables and hidden groups, at ${viewport.width} px`,
      async () => {
        const { context, page } = await signInWithForm(
          browser,
          server.url,
          'tr@district.test',
          TEST_PASSWORD,
          viewport,
        );
        try {
          await page.goto('/reports/surveys?course=carma@2026-27&groupBy=role');
          await expect(page.getByRole('img', { name: /mean before and after/ }).count()).resolves.toBe(1);
          await expect(page.getByText('Hidden: fewer than 3 answers').count()).resolves.toBeGreaterThan(0);
          await expect(
            page.getByRole('link', { name: 'Download these figures (CSV)' }).count(),
          ).resolves.toBe(1);
          await expectNoA11yViolations(page, `the survey report (${viewport.width} px)`);
          expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(viewport.width);
          await page.screenshot({ path: `/tmp/hearth-survey-report-${viewport.width}.png`, fullPage: true });
        } finally {
          await context.close();
        }
      },
      TIMEOUT,
    );
  }
});
