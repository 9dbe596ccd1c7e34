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
const PHONE = { width: 360, height: 740 };

const inDays = (days: number, hour: number) => {
  const at = new Date(Date.now() + days * 86_400_000);
  at.setUTCHours(hour, 0, 0, 0);
  return at.toISOString();
};

/**
 * Presses Tab until the focused element matches the CSS selector (and holds `text`, if given): the
 * keyboard's way to a control.
 */
async function tabTo(page: Page, selector: string, text = '', limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(
      ([s, t]) => {
        const { document } = globalThis as unknown as {
          document: { activeElement: { matches(s: string): boolean; textContent: string | null } | null };
        };
        const focused = document.activeElement;
        return Boolean(focused?.matches(s) && (focused.textContent ?? '').includes(t));
      },
      [selector, text],
    );
    if (found) return;
  }
  throw new Error(`could not reach ${selector} ${text} by Tab`);
}

suite('sessions pages in Chromium (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;
  let learner: { context: BrowserContext; page: Page };
  let trainer: { context: BrowserContext; page: Page };
  let runningId: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({});
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const people = await enrol(
      admin,
      [
        makeStaff({
          employeeId: 'B-TR',
          firstName: 'Marcus',
          lastName: 'Bell',
          email: 'trainer@district.test',
        }),
        makeStaff({ employeeId: 'B-1', firstName: 'Rosa', lastName: 'Delgado', email: 'rosa@district.test' }),
        makeStaff({ employeeId: 'B-2', firstName: 'Ama', lastName: 'Mensah', email: 'ama@district.test' }),
        makeStaff({ employeeId: 'B-3', firstName: 'Rui', lastName: 'Costa', email: 'rui@district.test' }),
      ],
      { 'B-TR': ['trainer'] },
    );
    const api = people.get('trainer@district.test') as Api;
    await api.post('/api/sessions', {
      title: 'De-escalation in the hallway',
      startsAt: inDays(5, 22),
      endsAt: inDays(5, 23),
      location: 'Elm Street Elementary, Library',
      capacity: 2,
      pdHours: 1.25,
      facilitatorEmployeeIds: ['B-TR'],
    });
    await api.post('/api/sessions', {
      title: 'Partnering with families after a hard year',
      startsAt: inDays(9, 23),
      endsAt: inDays(10, 0),
      location: 'https://meet.example.org/hearth-families',
      capacity: 1,
      pdHours: 1.5,
    });
    const soon = new Date(Date.now() + 120_000);
    const running = await api.post<{ id: number }>('/api/sessions', {
      title: 'Regulation first: a practice circle',
      startsAt: soon.toISOString(),
      endsAt: new Date(soon.getTime() + 5_400_000).toISOString(),
      location: 'District Office, Board Room',
      capacity: 20,
      pdHours: 1.5,
      facilitatorEmployeeIds: ['B-TR'],
    });
    runningId = running.body.id;
    for (const email of ['ama@district.test', 'rui@district.test'])
      await (people.get(email) as Api).post(`/api/sessions/${runningId}/registrations`);
    // The online session is full: Rosa would wait.
    learner = await signInWithForm(browser, server.url, 'rosa@district.test', TEST_PASSWORD);
    trainer = await signInWithForm(browser, server.url, 'trainer@district.test', TEST_PASSWORD, PHONE);
  }, TIMEOUT);

  afterAll(async () => {
    await learner?.context.close();
    await trainer?.context.close();
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  it(
    'lists the sessions open to me, and registers me by keyboard',
    async () => {
      const { page } = learner;
      await navigateBy(page, () => page.getByRole('link', { name: 'Sessions' }).click());
      expect(await heading(page)).toBe('Sessions');
      expect(await page.locator('.session-title').allInnerTexts()).toEqual([
        'Regulation first: a practice circle',
        'De-escalation in the hallway',
        'Partnering with families after a hard year',
      ]);
      await expectNoA11yViolations(page, 'the sessions list');
      await tabTo(page, 'button[type=submit]', 'Register for De-escalation in the hallway');
      await navigateBy(page, () => page.keyboard.press('Enter'));
      expect(await page.getByRole('status').innerText()).toContain('You are registered');
      const card = page.locator('li.session', { hasText: 'De-escalation in the hallway' });
      expect(await card.innerText()).toContain('You are registered');
      expect(await card.getByRole('link', { name: /Add to my calendar/ }).getAttribute('href')).toMatch(
        /^\/sessions\/\d+\.ics$/,
      );
      await expectNoA11yViolations(page, 'the sessions list after registering');
      await page.screenshot({ path: '/tmp/hearth-sessions.png', fullPage: true });
      await page.setViewportSize(PHONE);
      const { scrollWidth, innerWidth } = await pageWidths(page);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await page.screenshot({ path: '/tmp/hearth-sessions-phone.png', fullPage: true });
    },
    TIMEOUT,
  );

  it(
    'takes attendance on a phone by keyboard: search, tick, save, and shows a check-in code',
    async () => {
      const { page } = trainer;
      await page.goto(`/sessions/${runningId}/attendance`);
      expect(await heading(page)).toBe('Attendance: Regulation first: a practice circle');
      await expectNoA11yViolations(page, 'the attendance sheet');
      await tabTo(page, '#q');
      await page.keyboard.type('mensah');
      await navigateBy(page, () => page.keyboard.press('Enter'));
      expect(await page.locator('.sheet-row').allInnerTexts()).toEqual([
        expect.stringContaining('Ama Mensah'),
      ]);
      await tabTo(page, 'input[name=attended]');
      await page.keyboard.press('Space');
      expect(await page.locator('input[name=attended]').isChecked()).toBe(true);
      await tabTo(page, 'button', 'Save attendance');
      await navigateBy(page, () => page.keyboard.press('Enter'));
      expect(await page.getByRole('status').innerText()).toContain('Attendance saved');
      expect(await page.locator('.sheet .hint').innerText()).toContain('1 of 2 registered marked present');
      await tabTo(page, 'button', 'Make a check-in code');
      await navigateBy(page, () => page.keyboard.press('Enter'));
      expect(await page.locator('.check-in-code span').last().innerText()).toMatch(/^[A-Z0-9]{6}$/);
      const { scrollWidth, innerWidth } = await pageWidths(page);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await expectNoA11yViolations(page, 'the attendance sheet with a code, on a phone');
      await page.screenshot({ path: '/tmp/hearth-attendance-phone.png', fullPage: true });
    },
    TIMEOUT,
  );

  it(
    'shows the schedule form without accessibility violations, and its errors by field',
    async () => {
      const { page } = trainer;
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto('/sessions/new');
      expect(await heading(page)).toBe('Schedule a session');
      await expectNoA11yViolations(page, 'the schedule form');
      await page.fill('#title', 'Too short');
      await page.fill('#endTime', '15:00');
      await page.fill('#capacity', '0');
      await navigateBy(page, () => page.getByRole('button', { name: 'Schedule the session' }).click());
      const errors = await page.locator('#error-summary li').allInnerTexts();
      expect(errors).toEqual(
        expect.arrayContaining([
          'The number of seats must not be less than 1',
          'The end time must be after the start time',
          expect.stringMatching(/^The place must not be empty/),
        ]),
      );
      await expectNoA11yViolations(page, 'the schedule form with errors');
      await page.screenshot({ path: '/tmp/hearth-session-form.png', fullPage: true });
    },
    TIMEOUT,
  );
});
