import { resolve } from 'node:path';
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
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const TIMEOUT = 60_000;

/** The page's getComputedStyle, as code evaluated in Chromium sees it (the tests compile without the DOM types). */
type Styled = {
  getComputedStyle: (element: unknown, pseudo?: string) => { fontSize: string; content: string };
};
const suite = browserSuiteRuns() ? describe : describe.skip;

suite('HR compliance pages in Chromium (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-11-23' });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const people = [
      makeStaff({ employeeId: 'D1', firstName: 'Dana', lastName: 'Done', email: 'dana@district.test' }),
      makeStaff({
        employeeId: 'O1',
        firstName: '<script>alert(1)</script>',
        lastName: 'Overdue',
        email: 'omar@district.test',
        siteCode: 'OAK',
        siteName: 'Oak Grove Elementary',
        jobRole: 'paraprofessional',
      }),
      makeStaff({ employeeId: 'H1', email: 'hr@district.test', jobRole: 'support' }),
      makeStaff({ employeeId: 'T1', email: 'trainer@district.test', jobRole: 'support' }),
    ];
    const sessions = await enrol(admin, people, { H1: ['hr'], T1: ['trainer'] });
    const done = sessions.get('dana@district.test') as Api;
    for (const module of ['welcome', 'hard-days'])
      await done.post(`/api/me/courses/example/modules/${module}/complete`);
    await done.post('/api/me/courses/example/attest');
    await done.post('/api/me/courses/example/quiz/attempts', { answers: { q1: 'b', q2: ['b'], q3: 'b' } });
    await done.post('/api/me/courses/example/quiz/attempts', {
      answers: { q1: 'a', q2: ['a', 'c'], q3: 'a' },
    });
    ({ context, page } = await signInWithForm(browser, server.url, 'hr@district.test', TEST_PASSWORD));
  }, TIMEOUT);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  it(
    'shows the dashboard: filters, totals, an accessible chart with its table, and download links',
    async () => {
      await navigateBy(page, () => page.getByRole('link', { name: 'Compliance' }).click());
      expect(await heading(page)).toBe('Compliance');
      await page.selectOption('#course', 'example@2026-27');
      await navigateBy(page, () => page.getByRole('button', { name: 'Show' }).click());
      expect(new URL(page.url()).searchParams.get('course')).toBe('example@2026-27');
      // The chart is text and bars, lowest rate first, each with the counts behind it.
      const bars = await page.getByRole('figure').locator('li').allInnerTexts();
      expect(bars[0].replace(/\s+/g, ' ').trim()).toMatch(/^\S.* \d+\.\d% · \d+ of \d+ done$/);
      const rows = await page.locator('table.report tbody tr').allInnerTexts();
      expect(rows.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
        'Lincoln Elementary 1 1 0 0 0 0 100.0%',
        // The overdue count links to the list, named for screen readers.
        'Oak Grove Elementary 1 0 0 0 1 overdue at Oak Grove Elementary 0 0.0%',
      ]);
      expect(await page.getByRole('link', { name: 'Download every row (CSV)' }).getAttribute('href')).toBe(
        '/hr/compliance.csv?course=example%402026-27&groupBy=site',
      );
      const csv = await context.request.get('/hr/compliance.csv?course=example%402026-27');
      expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
      const pdf = await context.request.get('/hr/compliance.pdf?course=example%402026-27');
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      await expectNoA11yViolations(page, 'the compliance dashboard');
    },
    TIMEOUT,
  );

  it(
    'drills into the overdue staff of a site, then to the person, and exempts them with a reason',
    async () => {
      await navigateBy(page, () =>
        page.getByRole('link', { name: '1 overdue at Oak Grove Elementary' }).click(),
      );
      expect(await heading(page)).toBe('Overdue staff');
      const row = (await page.locator('tbody tr').innerText()).replace(/\s+/g, ' ');
      // The name is text, never markup.
      expect(row).toContain('<script>alert(1)</script> Overdue O1 Oak Grove Elementary Paraprofessionals');
      expect(row).toContain('October 31, 2026 overdue by 23 days Not started');
      await expectNoA11yViolations(page, 'the overdue list');

      await navigateBy(page, () =>
        page.getByRole('link', { name: '<script>alert(1)</script> Overdue' }).click(),
      );
      expect(await heading(page)).toBe('<script>alert(1)</script> Overdue');
      await page.fill('#reason-example-2026-27', 'Long-term leave of absence starting soon');
      await navigateBy(page, () =>
        page.getByRole('button', { name: 'Exempt from An Example Course 2026-27' }).click(),
      );
      expect(await page.getByRole('status').innerText()).toContain('Exemption recorded.');
      expect(await page.locator('.assignment-list').innerText()).toContain(
        'Exempt since November 23, 2026: Long-term leave of absence starting soon',
      );
      await expectNoA11yViolations(page, 'the staff record');
      await navigateBy(page, () =>
        page.getByRole('button', { name: 'Lift the exemption from An Example Course 2026-27' }).click(),
      );
      expect(await page.getByRole('status').innerText()).toContain('Exemption lifted.');
    },
    TIMEOUT,
  );

  it(
    'finds staff by name and fits a phone screen',
    async () => {
      await page.goto('/hr/staff?q=dana');
      expect(await page.locator('tbody tr').allInnerTexts()).toHaveLength(1);
      await expectNoA11yViolations(page, 'the staff search');
      await expectFitsPhone(page, [
        '/hr?course=example%402026-27',
        '/hr/overdue',
        '/hr/staff',
        '/hr/staff/O1',
      ]);
      await page.setViewportSize({ width: 1280, height: 800 });
    },
    TIMEOUT,
  );

  it(
    'on a phone (390 px): the menu is one row, the chart text at least 12 px, the tables stacked rows with every figure named',
    async () => {
      await page.setViewportSize({ width: 390, height: 800 });
      try {
        await page.goto('/hr?course=example%402026-27');
        const menu = page.getByRole('navigation', { name: 'Main' }).locator('li');
        const boxes = await Promise.all((await menu.all()).map((item) => item.boundingBox()));
        const tops = new Set(boxes.map((box) => box?.y));
        expect(tops.size).toBe(1);
        const sizes = await page
          .locator('.bar-chart li span')
          .evaluateAll((spans) =>
            spans.map((span) =>
              parseFloat((globalThis as unknown as Styled).getComputedStyle(span).fontSize),
            ),
          );
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
        // The overdue count and the rate are on screen, labelled, not off to the right.
        const oak = page.locator('table.report tbody tr', { hasText: 'Oak Grove' });
        for (const name of ['Overdue', 'Rate']) {
          const cell = oak.locator(`td[data-label="${name}"]`);
          const box = await cell.boundingBox();
          expect(box && box.x + box.width <= 390).toBe(true);
          expect(
            await cell.evaluate(
              (td) => (globalThis as unknown as Styled).getComputedStyle(td, '::before').content,
            ),
          ).toBe(`"${name}"`);
        }
        expect(await oak.locator('td[data-label="Rate"]').innerText()).toBe('0.0%');
        await expectNoA11yViolations(page, 'the compliance page on a phone');
        await page.goto('/hr/overdue');
        const due = page.locator('tbody td[data-label="Due"]').first();
        const box = await due.boundingBox();
        expect(box && box.x + box.width <= 390).toBe(true);
        expect(await due.innerText()).toContain('overdue by 23 days');
        await expectNoA11yViolations(page, 'the overdue list on a phone');
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    },
    TIMEOUT,
  );

  it(
    'gives HR a one-time sign-in link for a person, which sets a new password',
    async () => {
      await page.goto('/hr/staff/O1');
      expect(await page.locator('.facts').innerText()).toContain('Has a password');
      await navigateBy(page, () =>
        page.getByRole('button', { name: 'Make a new sign-in link (forgotten password)' }).click(),
      );
      const link = await page.locator('.invitation-link').innerText();
      expect(link).toMatch(new RegExp(`^${server.url}/invitations/accept\\?token=[\\w-]+$`));
      await expectNoA11yViolations(page, 'the staff record with a sign-in link');

      const person = await browser.newContext({ baseURL: server.url });
      const theirs = await person.newPage();
      await theirs.goto(link);
      await theirs.fill('#password', 'a brand-new password');
      await theirs.fill('#confirm', 'a brand-new password');
      await navigateBy(theirs, () => theirs.getByRole('button', { name: 'Set password' }).click());
      await person.close();
      const signedIn = await signInWithForm(
        browser,
        server.url,
        'omar@district.test',
        'a brand-new password',
      );
      await signedIn.context.close();
      // Used once: the link no longer works.
      const again = await fetch(link);
      expect(await again.text()).not.toContain('Set password');
    },
    TIMEOUT,
  );

  it(
    'shows trainers which quiz questions staff get wrong',
    async () => {
      const trainer = await signInWithForm(browser, server.url, 'trainer@district.test', TEST_PASSWORD);
      await trainer.page.goto('/trainer/courses/example/2026-27');
      await navigateBy(trainer.page, () =>
        trainer.page.getByRole('link', { name: 'Which questions staff get wrong' }).click(),
      );
      expect(await heading(trainer.page)).toBe('Quiz questions');
      const first = await trainer.page.locator('tbody tr').first().innerText();
      expect(first.replace(/\s+/g, ' ')).toContain('50% (1 of 2)');
      await expectNoA11yViolations(trainer.page, 'the quiz statistics');
      await trainer.context.close();
    },
    TIMEOUT,
  );
});
