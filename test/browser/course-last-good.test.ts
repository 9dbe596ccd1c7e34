import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
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

const TIMEOUT = 90_000;
const suite = browserSuiteRuns() ? describe : describe.skip;
const WIDTHS = [1280, 390];
const QUIZ = 'healing-centered/2026-27/quiz.yaml';

suite(
  'a live course whose files broke, and the quiz pages, in Chromium at 1280 and 390 px (axe-core)',
  () => {
    const root = mkdtempSync(join(tmpdir(), 'hearth-browser-last-good-'));
    const quizFile = join(root, QUIZ);
    let good: string;
    let server: TestServer;
    let browser: Browser;
    const learner = makeStaff({ employeeId: 'BL001', email: 'learner@district.test' });
    const trainer = makeStaff({ employeeId: 'BL002', email: 'trainer@district.test', jobRole: 'support' });
    const hr = makeStaff({ employeeId: 'BL003', email: 'hr@district.test', jobRole: 'support' });

    async function as(email: string, width: number, password = TEST_PASSWORD): Promise<Page> {
      const { page } = await signInWithForm(browser, server.url, email, password, { width, height: 900 });
      return page;
    }

    /** Opens the path, expects 200, no sideways scrolling and no axe violations. */
    async function check(page: Page, path: string, label: string): Promise<void> {
      const response = await page.goto(path);
      const { scrollWidth, innerWidth } = await pageWidths(page);
      expect({ label, status: response?.status(), fits: scrollWidth <= innerWidth }).toEqual({
        label,
        status: 200,
        fits: true,
      });
      await expectNoA11yViolations(page, label);
    }

    /** Each question's legend lies inside its card, below the card's top border (not across it). */
    async function expectLegendsInside(page: Page, label: string): Promise<void> {
      const questions = page.locator('fieldset.question');
      for (let i = 0; i < 3; i++) {
        const card = await questions.nth(i).boundingBox();
        const legend = await questions.nth(i).locator('legend').boundingBox();
        expect({ label, i, inside: Boolean(card && legend && legend.y >= card.y + 1) }).toEqual({
          label,
          i,
          inside: true,
        });
      }
    }

    beforeAll(async () => {
      cpSync(resolve('courses'), root, { recursive: true });
      good = readFileSync(quizFile, 'utf8');
      browser = await launchBrowser();
      server = await startServer({ COURSES_DIR: root });
      const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
      await enrol(admin, [learner, trainer, hr], { BL002: ['learner', 'trainer'], BL003: ['learner', 'hr'] });
      // One wrong answer letter in the published course's quiz (question 1 answers c).
      writeFileSync(quizFile, good.replace(/^ {4}answer: c$/m, '    answer: z'));
    }, TIMEOUT);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      rmSync(root, { recursive: true, force: true });
    }, TIMEOUT);

    it(
      'reloads from the course list’s button, shows the result, and the banner names the file and line',
      async () => {
        const page = await as(trainer.email, 1280);
        await page.goto('/trainer/courses');
        expect(await page.getByRole('complementary', { name: 'Course files need fixing' }).count()).toBe(0);
        await navigateBy(page, () => page.getByRole('button', { name: 'Reload the courses' }).click());
        expect(new URL(page.url()).search).toBe('?reloaded=1');
        expect(await page.getByRole('status').first().innerText()).toMatch(
          /^Reloaded .*: 2 editions found, 2 served \(1 in its last good version\)/,
        );
        const banner = page.getByRole('complementary', { name: 'Course files need fixing' });
        expect(await banner.innerText()).toContain(`${QUIZ}:28 question 1: answer "z" names no option`);
        expect(await page.locator('.edition-list .status-bad').first().innerText()).toMatch(
          /^Files have problems: learners get the version last loaded/,
        );
        await page.context().close();
      },
      TIMEOUT,
    );

    for (const width of WIDTHS) {
      it(
        `at ${width} px: the banner for trainer, HR and admin, never the learner; every page passes axe`,
        async () => {
          const pages: [string, string, string][] = [
            [trainer.email, TEST_PASSWORD, '/trainer/courses'],
            [hr.email, TEST_PASSWORD, '/hr'],
            [ADMIN.email, ADMIN.password, '/'],
          ];
          for (const [email, password, path] of pages) {
            const page = await as(email, width, password);
            await check(page, path, `${path} for ${email} at ${width} px`);
            const banner = page.getByRole('complementary', { name: 'Course files need fixing' });
            expect([email, await banner.locator('code', { hasText: `${QUIZ}:28` }).count()]).toEqual([
              email,
              1,
            ]);
            await page.context().close();
          }
          const page = await as(learner.email, width);
          await check(page, '/', `the learner's home at ${width} px`);
          expect(await page.getByRole('link', { name: /Healing-Centered Practice/ }).count()).toBeGreaterThan(
            0,
          );
          expect(await page.getByRole('complementary', { name: 'Course files need fixing' }).count()).toBe(0);
          await check(page, '/learn/carma/quiz', `the learner's quiz at ${width} px`);
          await expectLegendsInside(page, `the learner's quiz at ${width} px`);
          await page.context().close();
        },
        TIMEOUT,
      );

      it(
        `at ${width} px: the quiz preview shows each question once, with its key, legends inside their cards`,
        async () => {
          const page = await as(trainer.email, width);
          await check(page, '/trainer/courses/carma/2026-27/quiz', `the quiz preview at ${width} px`);
          const questions = page.locator('fieldset.question');
          expect(await questions.count()).toBe(16);
          const prompt = (await questions.first().locator('legend').innerText())
            .replace(/^Question 1\.\s*/, '')
            .slice(0, 60);
          expect(await page.getByText(prompt).count()).toBe(1);
          expect(await questions.first().locator('.correct-tag').count()).toBeGreaterThanOrEqual(1);
          expect(await questions.first().locator('.explanation').count()).toBe(1);
          await expectLegendsInside(page, `the quiz preview at ${width} px`);
          await page.context().close();
        },
        TIMEOUT,
      );
    }

    it(
      'drops the banner once a reload finds the files fixed',
      async () => {
        writeFileSync(quizFile, good);
        const page = await as(trainer.email, 390);
        await page.goto('/trainer/courses');
        await navigateBy(page, () => page.getByRole('button', { name: 'Reload the courses' }).click());
        expect(await page.getByRole('status').first().innerText()).toMatch(
          /2 editions found, 2 served, 1 program ready, 0 problems\.$/,
        );
        expect(await page.getByRole('complementary', { name: 'Course files need fixing' }).count()).toBe(0);
        await expectNoA11yViolations(page, 'the course list after a reload, at 390 px');
        await page.context().close();
      },
      TIMEOUT,
    );
  },
);
