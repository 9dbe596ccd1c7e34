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

const TIMEOUT = 90_000;
const suite = browserSuiteRuns() ? describe : describe.skip;

/** A desk and a phone: every page of the way is checked at both. */
const WIDTHS = [1280, 390] as const;

suite('the learner’s way in Chromium, at 1280 and 390 px (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;
  const learners = new Map<number, Api>();

  beforeAll(async () => {
    browser = await launchBrowser();
    // 12 days before the example course is due (2026-10-31).
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-10-19' });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const people = WIDTHS.map((width) =>
      makeStaff({ employeeId: `W${width}`, email: `w${width}@district.test` }),
    );
    const sessions = await enrol(admin, people);
    for (const width of WIDTHS) learners.set(width, sessions.get(`w${width}@district.test`) as Api);
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  /** The page as a person sees it: no axe violation, no sideways scrolling. */
  async function looksRight(page: Page, label: string): Promise<void> {
    await expectNoA11yViolations(page, label);
    const { scrollWidth, innerWidth } = await pageWidths(page);
    expect({ label, fits: scrollWidth <= innerWidth }).toEqual({ label, fits: true });
  }

  const statusLine = async (page: Page) => (await page.locator('.read-note').innerText()).trim();
  const attempts = async (width: number) =>
    (await (learners.get(width) as Api).get<{ attempts: number }>('/api/me/courses/example/quiz')).body
      .attempts;

  describe.each(WIDTHS)('at %i px', (width) => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      ({ context, page } = await signInWithForm(
        browser,
        server.url,
        `w${width}@district.test`,
        TEST_PASSWORD,
        {
          width,
          height: 800,
        },
      ));
    }, TIMEOUT);

    afterAll(async () => {
      await context?.close();
    });

    it(
      'shows on My training how far off the due date is, the minutes left and the PD hours',
      async () => {
        const card = page.locator('.assignment', { hasText: 'An Example Course' });
        expect(await card.locator('.assignment-meta').innerText()).toContain(
          'due in 12 days, on October 31, 2026',
        );
        expect(await card.locator('.assignment-facts').innerText()).toBe(
          'About 18 minutes of reading left · 0.5 PD hours',
        );
        await looksRight(page, `My training at ${width}`);
      },
      TIMEOUT,
    );

    it(
      'puts Start at the top of the course page, on the first screen, with the progress',
      async () => {
        await page.goto('/learn/example');
        const start = page.getByRole('link', { name: 'Start the course' });
        const box = await start.boundingBox();
        expect(box && box.y + box.height <= 800).toBe(true);
        expect(await page.locator('#course-progress-text').innerText()).toBe('0 of 2 modules read');
        await looksRight(page, `the course page at ${width}`);

        await navigateBy(page, () => start.click());
        expect(new URL(page.url()).pathname).toBe('/learn/example/modules/welcome');
        await looksRight(page, `the first module at ${width}`);
      },
      TIMEOUT,
    );

    it(
      'marks a module read and moves on in one press, and says so on the next page',
      async () => {
        await navigateBy(page, () => page.getByRole('button', { name: 'Mark as read and continue' }).click());
        expect(new URL(page.url()).pathname).toBe('/learn/example/modules/hard-days');
        expect(await statusLine(page)).toBe('Module 1 of 2 marked as read: Welcome.');
        expect(await page.locator('#course-progress-text').innerText()).toBe('1 of 2 modules read');
        expect(await page.locator('#continue-hint').innerText()).toBe('Next: the quiz.');
        await looksRight(page, `the second module, after marking the first, at ${width}`);

        // The course page agrees, and now continues where the learner left off.
        await page.goto('/learn/example');
        expect(await page.locator('#course-progress-text').innerText()).toBe('1 of 2 modules read');
        expect(await page.getByRole('link', { name: 'Continue with When Days Are Hard' }).count()).toBe(1);

        await page.goto('/learn/example/modules/hard-days');
        await navigateBy(page, () => page.getByRole('button', { name: 'Mark as read and continue' }).click());
        expect(new URL(page.url()).pathname).toBe('/learn/example/quiz');
        expect(await statusLine(page)).toBe('Module 2 of 2 marked as read: When Days Are Hard.');
        await looksRight(page, `the quiz, after the last module, at ${width}`);
      },
      TIMEOUT,
    );

    it(
      'shows the quiz result on its own page, which a refresh shows again without a new attempt',
      async () => {
        await page.check('#answer-q1-b');
        await page.check('#answer-q2-b');
        await page.check('#answer-q3-a');
        const result = await navigateBy(page, () =>
          page.getByRole('button', { name: 'Submit answers' }).click(),
        );
        expect(result.status()).toBe(200);
        expect(new URL(page.url()).pathname).toBe('/learn/example/quiz/attempts/1');
        expect(await heading(page)).toBe('Not yet: let’s try again');
        await looksRight(page, `a quiz result at ${width}`);

        const again = await page.reload();
        expect(again?.status()).toBe(200);
        expect(await heading(page)).toBe('Not yet: let’s try again');
        expect(await page.locator('main').innerText()).toContain('Your score: 33%');
        expect(await attempts(width)).toBe(1);
      },
      TIMEOUT,
    );

    it(
      'keeps a practice result (after completion) through a refresh, and records nothing',
      async () => {
        const learner = learners.get(width) as Api;
        await learner.post('/api/me/courses/example/attest');
        const passed = await learner.post<{ completion?: unknown }>('/api/me/courses/example/quiz/attempts', {
          answers: { q1: 'a', q2: ['a', 'c'], q3: 'a' },
        });
        expect(passed.body.completion).toBeTruthy();

        await page.goto('/learn/example/quiz');
        await page.check('#answer-q1-a');
        await page.check('#answer-q2-a');
        await page.check('#answer-q3-b');
        await navigateBy(page, () => page.getByRole('button', { name: 'Submit answers' }).click());
        expect(new URL(page.url()).pathname).toBe('/learn/example/quiz/practice');
        expect(await page.getByRole('note').first().innerText()).toContain('this was practice');
        await looksRight(page, `a practice result at ${width}`);
        await page.reload();
        expect(await page.locator('main').innerText()).toContain('Your score: 33%');
        expect(await attempts(width)).toBe(2);
      },
      TIMEOUT,
    );
  });
});
