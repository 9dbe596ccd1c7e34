import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeStaff, makeStaffList, type RosterFields, rosterCsv } from '../factories/staff.factory.js';
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

/** The review's rows, cell by cell. */
async function rowsOf(page: Page): Promise<string[][]> {
  return page
    .locator('table.change-list tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        Array.from((tr as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells).map((td) =>
          (td.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ),
      ),
    );
}

suite('the roster review in Chromium, at 1280 and 390 px (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;
  const hr = makeStaff({ employeeId: 'HR1', email: 'hr@district.test', jobRole: 'support' });
  // 60 on the roster: the complete file below keeps 3 of them, so 57 leave (two pages of 50).
  const roster = makeStaffList(60, (i) => ({
    employeeId: `R${String(i + 1).padStart(3, '0')}`,
    lastName: `Roster ${i}`,
  }));
  const file: RosterFields[] = [
    hr,
    roster[0],
    { ...roster[1], jobRole: 'counselor' },
    { ...roster[2], lastName: 'Okafor-Reyes', status: 'leave' },
    makeStaff({ employeeId: 'BUS1', firstName: 'Rosa', lastName: 'Delgado', jobRole: 'bus driver' }),
  ];

  beforeAll(async () => {
    browser = await launchBrowser();
    // The shipped courses, both for all staff and in force on this day.
    server = await startServer({ HEARTH_TODAY: '2026-11-23' });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await enrol(admin, [hr], { HR1: ['hr'] });
    const imported = await admin.post('/api/staff/import', rosterCsv(roster), 'text/csv');
    if (imported.status !== 200) throw new Error(`Roster import failed: ${imported.status}`);
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  async function looksRight(page: Page, label: string): Promise<void> {
    await expectNoA11yViolations(page, label);
    const { scrollWidth, innerWidth } = await pageWidths(page);
    expect({ label, fits: scrollWidth <= innerWidth }).toEqual({ label, fits: true });
  }

  describe.each([1280, 390])('at %i px', (width) => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      ({ context, page } = await signInWithForm(browser, server.url, hr.email, TEST_PASSWORD, {
        width,
        height: 800,
      }));
    }, TIMEOUT);

    afterAll(async () => {
      await context?.close();
    });

    it(
      'warns truthfully about a job role it does not know, and lists who is created, changed and deactivated',
      async () => {
        await page.goto('/hr/import');
        await page.setInputFiles('#file', {
          name: 'complete.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(rosterCsv(file)),
        });
        await page.check('#sync');
        const review = await navigateBy(page, () =>
          page.getByRole('button', { name: 'Check the file' }).click(),
        );
        expect(review.status()).toBe(200);
        expect(new URL(page.url()).pathname).toMatch(/^\/hr\/import\/\d+$/);
        expect(await heading(page)).toBe('Import roster: review');
        const main = await page.locator('main').innerText();
        expect(main).toContain('job_role "bus driver" (line 6)');
        expect(main).toContain('these staff get only the courses for all staff (CARMA');
        expect(main).not.toContain('no course is assigned');

        // Created first: the one new person, with the values the file gives.
        expect(await rowsOf(page)).toEqual([
          ['6', 'BUS1', 'Rosa Delgado', 'bus1@district.test', 'LIN', 'bus driver', 'active'],
        ]);
        await looksRight(page, `the review's new staff at ${width}`);

        await navigateBy(page, () => page.getByRole('link', { name: 'Updated (2)' }).click());
        const updated = await rowsOf(page);
        expect(updated.map((row) => row.at(-1))).toEqual([
          expect.stringContaining('job_role: teacher → counselor'),
          expect.stringMatching(/last_name: Roster 2 → Okafor-Reyes\s*status: active → leave/),
        ]);
        await looksRight(page, `the review's updates at ${width}`);

        await navigateBy(page, () => page.getByRole('link', { name: 'Marked inactive (57)' }).click());
        expect(await page.locator('#list-caption').innerText()).toBe('Marked inactive: 1–50 of 57');
        expect(await rowsOf(page)).toHaveLength(50);
        await looksRight(page, `the review's first page of deactivations at ${width}`);
        await navigateBy(page, () => page.getByRole('link', { name: 'Next page' }).click());
        expect(await page.locator('#list-caption').innerText()).toBe('Marked inactive: 51–57 of 57');
        expect(await rowsOf(page)).toHaveLength(7);
        // Paging re-read the kept upload: nothing was saved, and Confirm is still there.
        expect(await page.getByRole('button', { name: 'Confirm import' }).count()).toBe(1);
        await looksRight(page, `the review's second page of deactivations at ${width}`);
      },
      TIMEOUT,
    );
  });

  it(
    'after confirming, offers the new job role in the Role filter, as the by-role table shows it',
    async () => {
      const { context, page } = await signInWithForm(browser, server.url, hr.email, TEST_PASSWORD);
      await page.goto('/hr/import');
      await page.setInputFiles('#file', {
        name: 'complete.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(rosterCsv(file)),
      });
      await page.check('#sync');
      await navigateBy(page, () => page.getByRole('button', { name: 'Check the file' }).click());
      await navigateBy(page, () => page.getByRole('button', { name: 'Confirm import' }).click());
      expect(await heading(page)).toBe('Roster imported');

      await page.goto('/hr?groupBy=role');
      const table = await page.locator('main table').first().innerText();
      expect(table).toContain('bus driver');
      const options = await page.locator('#role option').allInnerTexts();
      expect(options).toContain('bus driver');
      await page.selectOption('#role', 'bus driver');
      await navigateBy(page, () => page.getByRole('button', { name: 'Show' }).click());
      expect(new URL(page.url()).searchParams.get('role')).toBe('bus driver');
      expect(await page.getByRole('alert').count()).toBe(0);
      await expectNoA11yViolations(page, 'the dashboard filtered by the new role');
      await context.close();
    },
    TIMEOUT,
  );
});
