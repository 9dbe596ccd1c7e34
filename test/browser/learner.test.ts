import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page, Response } from 'playwright-core';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import {
  browserSuiteRuns,
  expectNoA11yViolations,
  heading,
  launchBrowser,
  navigateBy,
  pageWidths,
} from '../support/browser.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

/** Starting the server and Chromium, and each test's handful of page loads, take a few seconds. */
const TIMEOUT = 60_000;

const COURSES_DIR = resolve(process.cwd(), 'test/fixtures/courses');
const LEARNER = {
  employeeId: 'L1',
  email: 'learner@district.test',
  password: 'a kettle of hawks over the lake',
};

interface MyAssignment {
  courseId: string;
  edition: string;
  status: string;
  modulesDone: number;
  modulesTotal: number;
  completedAt: string | null;
}

/** What has keyboard focus: enough to recognise it, and whether its focus ring shows. */
interface Focused {
  tag: string;
  id: string;
  text: string;
  href: string;
  ringVisible: boolean;
}

/** The DOM the page functions below use (this project's TypeScript has no DOM library). */
interface FocusGlobals {
  document: {
    activeElement: {
      tagName: string;
      id: string;
      textContent: string | null;
      getAttribute(name: string): string | null;
    } | null;
  };
  getComputedStyle(element: unknown): { outlineStyle: string; outlineWidth: string };
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const g = globalThis as unknown as FocusGlobals;
    const element = g.document.activeElement;
    if (!element) return { tag: '', id: '', text: '', href: '', ringVisible: false };
    const style = g.getComputedStyle(element);
    return {
      tag: element.tagName.toLowerCase(),
      id: element.id,
      text: (element.textContent ?? '').replace(/\s+/g, ' ').trim(),
      href: element.getAttribute('href') ?? '',
      ringVisible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element has every property of `target`, and checks
 * that it shows a focus ring. Fails with the elements passed on the way when it is not reached.
 */
async function tabTo(
  page: Page,
  target: Partial<Omit<Focused, 'ringVisible'>>,
  options: { key?: 'Tab' | 'Shift+Tab'; limit?: number } = {},
): Promise<void> {
  const passed: string[] = [];
  for (let presses = 0; presses < (options.limit ?? 40); presses++) {
    await page.keyboard.press(options.key ?? 'Tab');
    const now = await focused(page);
    const matches = Object.entries(target).every(([key, value]) => now[key as keyof Focused] === value);
    if (matches) {
      expect({ focused: target, ringVisible: now.ringVisible }).toEqual({
        focused: target,
        ringVisible: true,
      });
      return;
    }
    passed.push(`${now.tag}#${now.id} "${now.text}" ${now.href}`);
  }
  throw new Error(
    `${options.key ?? 'Tab'} never reached ${JSON.stringify(target)} on ${page.url()}; it passed:\n` +
      passed.join('\n'),
  );
}

/** Presses Enter on what has focus (a link or a form's button) and waits for the page it loads. */
async function pressEnterAndLoad(page: Page): Promise<Response> {
  return navigateBy(page, () => page.keyboard.press('Enter'));
}

function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

const suite = browserSuiteRuns() ? describe : describe.skip;

suite('a learner completes a course with the keyboard alone, in Chromium (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let invitationUrl: string;

  /** The learner's assignment of the example course, as the learner's own API shows it. */
  async function myAssignment(): Promise<MyAssignment | undefined> {
    const learner = await new Api(server.url).login(LEARNER.email, LEARNER.password);
    const response = await learner.get<MyAssignment[]>('/api/me/assignments');
    expect(response.status).toBe(200);
    return response.body.find((a) => a.courseId === 'example');
  }

  /** The learner's quiz standing: attempts so far and whether one passed. */
  async function myQuiz(): Promise<{ attempts: number; passed: boolean }> {
    const learner = await new Api(server.url).login(LEARNER.email, LEARNER.password);
    const response = await learner.get<{ attempts: number; passed: boolean }>('/api/me/courses/example/quiz');
    expect(response.status).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ COURSES_DIR, HEARTH_TODAY: '2026-09-01' });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const roster = rosterCsv([
      makeStaff({ employeeId: LEARNER.employeeId, email: LEARNER.email, jobRole: 'teacher' }),
    ]);
    const imported = await admin.post('/api/staff/import', roster, 'text/csv');
    if (imported.status !== 200) throw new Error(`Roster import failed: ${imported.status}`);
    const invitation = await admin.post<{ token: string }>('/api/auth/invitations', {
      employeeId: LEARNER.employeeId,
    });
    if (invitation.status !== 201) throw new Error(`Invitation failed: ${invitation.status}`);
    invitationUrl = `/invitations/accept?token=${encodeURIComponent(invitation.body.token)}`;

    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  it(
    'sets a password and signs in with the keyboard; My training shows the course not started and passes axe',
    async () => {
      const form = await page.goto(invitationUrl);
      expect(form?.status()).toBe(200);
      expect(await heading(page)).toBe('Set your password');

      await tabTo(page, { id: 'password' });
      await page.keyboard.type(LEARNER.password);
      await tabTo(page, { id: 'confirm' });
      await page.keyboard.type(LEARNER.password);
      const accepted = await pressEnterAndLoad(page);
      expect(accepted.status()).toBe(200);
      expect(await heading(page)).toBe('Your password is set');

      await tabTo(page, { tag: 'a', text: 'Go to sign in' });
      await pressEnterAndLoad(page);
      expect(await heading(page)).toBe('Sign in');
      await tabTo(page, { id: 'email' });
      await page.keyboard.type(LEARNER.email);
      await tabTo(page, { id: 'password' });
      await page.keyboard.type(LEARNER.password);
      const home = await pressEnterAndLoad(page);

      expect(home.status()).toBe(200);
      expect(pathOf(page)).toBe('/');
      expect(await heading(page)).toBe('My training');
      const card = page.locator('.assignment', { hasText: 'An Example Course' });
      expect(await card.locator('.status').innerText()).toBe('Not started');
      expect(await card.innerText()).toContain('due in 60 days, on October 31, 2026');
      expect(await card.locator('.progress-text').innerText()).toBe('0 of 2 modules read');
      expect(await card.locator('progress').getAttribute('value')).toBe('0');
      expect(await card.locator('progress').getAttribute('max')).toBe('2');
      expect(await card.getByRole('link', { name: 'Start An Example Course' }).count()).toBe(1);
      await expectNoA11yViolations(page, 'My training, before starting');

      // The first Tab reaches the skip link; Enter on it moves focus into the main content.
      await page.keyboard.press('Tab');
      expect(await focused(page)).toMatchObject({ text: 'Skip to main content', ringVisible: true });
      await page.keyboard.press('Enter');
      expect(await focused(page)).toMatchObject({ tag: 'main', id: 'main' });
    },
    TIMEOUT,
  );

  it(
    'opens the course and reads both modules (one with a content note), marking each read; each page passes axe',
    async () => {
      await tabTo(page, { tag: 'a', href: '/learn/example' });
      const coursePage = await pressEnterAndLoad(page);
      expect(coursePage.status()).toBe(200);
      expect(pathOf(page)).toBe('/learn/example');
      expect(await heading(page)).toBe('An Example Course 2026-27');
      const steps = (await page.locator('.steps li').allInnerTexts()).map((s) =>
        s.replace(/\s+/g, ' ').trim(),
      );
      expect(steps).toEqual([
        'Welcome (8 min) Not read yet',
        'When Days Are Hard (10 min) Not read yet',
        'Quiz Not taken yet',
        'Attestation Not given yet',
      ]);
      await expectNoA11yViolations(page, 'the course page');

      await tabTo(page, { tag: 'a', text: 'Welcome' });
      await pressEnterAndLoad(page);
      expect(pathOf(page)).toBe('/learn/example/modules/welcome');
      expect(await heading(page)).toBe('Welcome');
      expect(await page.getByRole('complementary', { name: 'Content note' }).count()).toBe(0);
      await expectNoA11yViolations(page, 'the first module');

      await tabTo(page, { tag: 'button', text: 'Mark as read and continue' });
      const second = await pressEnterAndLoad(page);
      expect(second.status()).toBe(200);
      expect(pathOf(page)).toBe('/learn/example/modules/hard-days');
      expect(await heading(page)).toBe('When Days Are Hard');
      const note = page.getByRole('complementary', { name: 'Content note' });
      expect(await note.isVisible()).toBe(true);
      expect(await note.innerText()).toContain('This module mentions grief and family illness.');
      expect(await note.getByRole('link', { name: 'pause and go back to My training' }).count()).toBe(1);
      expect(await note.innerText()).toContain('employee assistance program');
      await expectNoA11yViolations(page, 'the module with a content note');

      // The content note's pause link is on the way to the Mark as read and continue button.
      await tabTo(page, { tag: 'a', text: 'pause and go back to My training' });
      await tabTo(page, { tag: 'button', text: 'Mark as read and continue' });
      const quiz = await pressEnterAndLoad(page);
      expect(quiz.status()).toBe(200);
      expect(pathOf(page)).toBe('/learn/example/quiz');
      expect(await heading(page)).toBe('Quiz: An Example Course');
      expect(await page.locator('fieldset.question').count()).toBe(3);
      await expectNoA11yViolations(page, 'the quiz');
    },
    TIMEOUT,
  );

  it(
    'shows an unanswered question as an error, then a wrong attempt as "Not yet" that does not complete the course; pages pass axe',
    async () => {
      // Question 1: Tab enters the radio group on its first option; Space chooses it.
      await tabTo(page, { id: 'answer-q1-a' });
      await page.keyboard.press('Space');
      // Question 2 (checkboxes) is left unanswered. Question 3: the first option.
      await tabTo(page, { id: 'answer-q3-a' });
      await page.keyboard.press('Space');
      await tabTo(page, { tag: 'button', text: 'Submit answers' });
      const unanswered = await pressEnterAndLoad(page);

      expect(unanswered.status()).toBe(400);
      expect(pathOf(page)).toBe('/learn/example/quiz');
      expect(await page.getByRole('alert').innerText()).toContain('Question 2 is not answered yet');
      // The summary has focus, and links to the question.
      expect(
        await page
          .locator('#error-summary')
          .evaluate(
            (el) =>
              el ===
              (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
          ),
      ).toBe(true);
      expect(
        await page.getByRole('link', { name: 'Question 2 is not answered yet' }).getAttribute('href'),
      ).toBe('#question-q2');
      // What was answered is kept.
      expect(await page.locator('#answer-q1-a').isChecked()).toBe(true);
      expect(await page.locator('#answer-q3-a').isChecked()).toBe(true);
      await expectNoA11yViolations(page, 'the quiz with an unanswered question');

      // Question 1: the arrow key moves to, and chooses, the wrong option. Question 2: only the wrong option.
      await tabTo(page, { id: 'answer-q1-a' });
      await page.keyboard.press('ArrowDown');
      expect(await focused(page)).toMatchObject({ id: 'answer-q1-b' });
      await tabTo(page, { id: 'answer-q2-b' });
      await page.keyboard.press('Space');
      expect(await page.locator('#answer-q1-b').isChecked()).toBe(true);
      expect(await page.locator('#answer-q2-b').isChecked()).toBe(true);
      await tabTo(page, { tag: 'button', text: 'Submit answers' });
      const wrong = await pressEnterAndLoad(page);

      expect(wrong.status()).toBe(200);
      expect(await heading(page)).toBe('Not yet: let’s try again');
      expect(await page.getByRole('status').innerText()).toContain('Your score: 33%');
      const missed = page.getByRole('region', { name: 'Questions to look at again' });
      expect(await missed.locator('li').count()).toBe(2);
      await expectNoA11yViolations(page, 'the result of a wrong attempt');

      // The wrong attempt is recorded, but it neither passes the quiz nor completes the course.
      expect(await myAssignment()).toMatchObject({
        status: 'in_progress',
        modulesDone: 2,
        completedAt: null,
      });
      expect(await myQuiz()).toMatchObject({ attempts: 1, passed: false });

      await tabTo(page, { tag: 'a', text: 'Try the quiz again' });
      const again = await pressEnterAndLoad(page);
      expect(again.status()).toBe(200);
      expect(await heading(page)).toBe('Quiz: An Example Course');
      expect(await page.locator('main').innerText()).toContain('You have tried 1 time so far.');
      expect(await page.locator('input:checked').count()).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'passes the quiz, gives the attestation and reaches the completion page; each page passes axe',
    async () => {
      await tabTo(page, { id: 'answer-q1-a' });
      await page.keyboard.press('Space');
      await tabTo(page, { id: 'answer-q2-a' });
      await page.keyboard.press('Space');
      await tabTo(page, { id: 'answer-q2-c' });
      await page.keyboard.press('Space');
      await tabTo(page, { id: 'answer-q3-a' });
      await page.keyboard.press('Space');
      // Shift+Tab goes back over the answers: the checkboxes of question 2 are still ticked.
      await tabTo(page, { id: 'answer-q2-c' }, { key: 'Shift+Tab' });
      expect(await page.locator('input:checked').evaluateAll((inputs) => inputs.length)).toBe(4);
      await tabTo(page, { tag: 'button', text: 'Submit answers' });
      const passed = await pressEnterAndLoad(page);

      expect(passed.status()).toBe(200);
      expect(await heading(page)).toBe('You passed the quiz');
      expect(await page.getByRole('status').innerText()).toContain('Your score: 100%');
      await expectNoA11yViolations(page, 'the result of a passing attempt');
      // Passed, but the attestation is still to give: not complete yet.
      expect(await myAssignment()).toMatchObject({ status: 'in_progress', completedAt: null });

      await tabTo(page, { tag: 'a', text: 'Continue to the attestation' });
      const attestation = await pressEnterAndLoad(page);
      expect(attestation.status()).toBe(200);
      expect(pathOf(page)).toBe('/learn/example/attest');
      expect(await heading(page)).toBe('Attestation');
      expect(await page.locator('blockquote.statement').innerText()).toBe(
        'I completed this example course and will apply what I learned.',
      );
      await expectNoA11yViolations(page, 'the attestation page');

      await tabTo(page, { id: 'agree' });
      await page.keyboard.press('Space');
      expect(await page.getByRole('checkbox', { name: 'I confirm this statement' }).isChecked()).toBe(true);
      await tabTo(page, { tag: 'button', text: 'Give my attestation' });
      const complete = await pressEnterAndLoad(page);

      expect(complete.status()).toBe(200);
      expect(pathOf(page)).toBe('/learn/example/complete');
      expect(await heading(page)).toBe('You completed An Example Course');
      expect(await page.getByRole('status').innerText()).toContain('0.5 PD hours');
      await expectNoA11yViolations(page, 'the completion page');
    },
    TIMEOUT,
  );

  it(
    'shows the course completed on My training, which passes axe, and the API agrees',
    async () => {
      await tabTo(page, { tag: 'a', text: 'Back to My training' });
      const home = await pressEnterAndLoad(page);

      expect(home.status()).toBe(200);
      expect(pathOf(page)).toBe('/');
      const card = page.locator('.assignment', { hasText: 'An Example Course' });
      expect(await card.locator('.status').innerText()).toBe('Completed');
      expect(await card.innerText()).toMatch(/completed [A-Z][a-z]+ \d{1,2}, \d{4}/);
      expect(await card.locator('.progress-text').innerText()).toBe('2 of 2 modules read');
      expect(await card.locator('progress').getAttribute('value')).toBe('2');
      expect(await card.getByRole('link', { name: 'Review An Example Course' }).count()).toBe(1);
      await expectNoA11yViolations(page, 'My training, after completing');

      expect(await myAssignment()).toMatchObject({
        edition: '2026-27',
        status: 'completed',
        modulesDone: 2,
        modulesTotal: 2,
      });
    },
    TIMEOUT,
  );

  it(
    'reads on a phone without sideways scrolling',
    async () => {
      // Not part of the keyboard journey: each page is loaded directly, as the signed-in learner.
      await page.setViewportSize({ width: 375, height: 740 });
      for (const path of [
        '/',
        '/learn/example',
        '/learn/example/modules/hard-days',
        '/learn/example/quiz',
        '/learn/example/attest',
        '/learn/example/complete',
      ]) {
        const response = await page.goto(path);
        expect({ path, status: response?.status() }).toEqual({ path, status: 200 });
        const { scrollWidth, innerWidth } = await pageWidths(page);
        expect({ path, fits: scrollWidth <= innerWidth }).toEqual({ path, fits: true });
      }
    },
    TIMEOUT,
  );
});
