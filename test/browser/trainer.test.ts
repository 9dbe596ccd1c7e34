import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import {
  browserSuiteRuns,
  expectNoA11yViolations,
  launchBrowser,
  expectFitsPhone,
  signInWithForm,
} from '../support/browser.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const TIMEOUT = 60_000;
const suite = browserSuiteRuns() ? describe : describe.skip;

suite('trainer course preview in Chromium (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  async function open(path: string): Promise<number> {
    const response = await page.goto(path);
    return response?.status() ?? 0;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
    ({ page } = await signInWithForm(browser, server.url, ADMIN.email, ADMIN.password));
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  it(
    'lists both shipped courses and the shipped program as ready, and the list and the program preview pass axe',
    async () => {
      expect(await open('/trainer/courses')).toBe(200);
      const titles = await page.locator('.edition-title').allInnerTexts();
      expect(titles.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
        'CARMA: Culture, Agency, Relationships, Meaning, Aspiration 2026-27',
        'Healing-Centered Practice 2026-27',
        'CARMA Practitioner Certification 2026-27',
      ]);
      expect(await page.locator('.status-ok').count()).toBe(3);
      await expectNoA11yViolations(page, 'the course list');
      expect(await open('/trainer/programs/carma-practitioner/2026-27')).toBe(200);
      expect((await page.locator('h1').innerText()).trim()).toBe('CARMA Practitioner Certification');
      await expectNoA11yViolations(page, 'the program preview');
      expect(await open('/trainer/courses')).toBe(200);
    },
    TIMEOUT,
  );

  it(
    'walks from the course page to a module with a content note, with the keyboard, and each page passes axe',
    async () => {
      await page.getByRole('link', { name: 'Healing-Centered Practice' }).focus();
      await Promise.all([
        page.waitForURL('**/trainer/courses/healing-centered/2026-27'),
        page.keyboard.press('Enter'),
      ]);
      expect((await page.locator('h1').innerText()).trim()).toBe('Healing-Centered Practice 2026-27');
      await expectNoA11yViolations(page, 'the course page');

      await page
        .getByRole('link', { name: 'Childhood Adversity and How Trauma Can Show Up at School' })
        .click();
      await page.waitForURL('**/modules/adversity-and-trauma');
      expect(await page.getByRole('complementary', { name: 'Content note' }).isVisible()).toBe(true);
      expect(await page.getByRole('note', { name: 'Reflection' }).count()).toBe(1);
      await expectNoA11yViolations(page, 'a module preview with a content note');
    },
    TIMEOUT,
  );

  it(
    'shows the quiz as learners see it with the answer key, each question once, and passes axe',
    async () => {
      expect(await open('/trainer/courses/carma/2026-27/quiz')).toBe(200);
      const questions = await page.locator('fieldset.question').count();
      expect(questions).toBeGreaterThanOrEqual(10);
      expect(await page.locator('.explanation').count()).toBe(questions);
      expect(await page.locator('.correct-tag').count()).toBeGreaterThanOrEqual(questions);
      await expectNoA11yViolations(page, 'the quiz preview');
    },
    TIMEOUT,
  );

  it(
    'lists the edition’s resources and previews a job aid as learners see it, and both pass axe',
    async () => {
      expect(await open('/trainer/courses/healing-centered/2026-27')).toBe(200);
      const list = page.getByRole('region', { name: 'Resources: references and printable job aids' });
      expect(await list.getByRole('link').count()).toBe(4);
      await expectNoA11yViolations(page, 'the course page with its resources');
      await list.getByRole('link', { name: 'Co-Regulation Steps' }).click();
      await page.waitForURL('**/trainer/courses/healing-centered/2026-27/resources/co-regulation-steps');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Co-Regulation Steps');
      expect(await page.getByRole('note').first().innerText()).toContain('Preview.');
      await expectNoA11yViolations(page, 'a job aid preview');
    },
    TIMEOUT,
  );

  it(
    'reads on a phone without sideways scrolling',
    async () => {
      await expectFitsPhone(page, [
        '/trainer/courses',
        '/trainer/courses/carma/2026-27/modules/a-school-day',
        '/trainer/courses/carma/2026-27/quiz',
        '/trainer/courses/carma/2026-27/resources/language-swaps',
        '/trainer/courses/healing-centered/2026-27/resources/references',
      ]);
    },
    TIMEOUT,
  );
});
