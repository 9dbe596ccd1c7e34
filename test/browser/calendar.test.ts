import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
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

const LEARNER = makeStaff({ employeeId: 'K1', email: 'k1@district.test', hireDate: '2020-08-10' });

/** The page fits its width: nothing scrolls sideways. */
async function expectFits(page: Page, label: string): Promise<void> {
  const { scrollWidth, innerWidth } = await pageWidths(page);
  expect({ label, fits: scrollWidth <= innerWidth }).toEqual({ label, fits: true });
}

suite('the calendar page in Chromium (axe-core), on a desktop and a 360 px phone', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ HEARTH_TODAY: '2026-11-23' });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await enrol(admin, [LEARNER]);
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
      `goes from My training to a new calendar link and back to off, at ${viewport.width} px`,
      async () => {
        const { context, page } = await signInWithForm(
          browser,
          server.url,
          LEARNER.email,
          TEST_PASSWORD,
          viewport,
        );
        try {
          await navigateBy(page, () =>
            page.getByRole('link', { name: 'Put your due dates in your calendar' }).click(),
          );
          expect(await heading(page)).toBe('Your calendar feed');
          await expect(page.getByText('Your calendar feed is off.').count()).resolves.toBe(1);
          await expectNoA11yViolations(page, `the calendar page, off (${viewport.width} px)`);
          await expectFits(page, `off (${viewport.width} px)`);
          await page.screenshot({ path: `/tmp/hearth-calendar-off-${viewport.width}.png`, fullPage: true });

          const made = await navigateBy(page, () =>
            page.getByRole('button', { name: 'Make my calendar link' }).click(),
          );
          expect(made.status()).toBe(200);
          expect(made.headers()['cache-control']).toBe('no-store');
          const field = page.getByLabel('Calendar link (copy it now)');
          const url = await field.inputValue();
          expect(url).toMatch(new RegExp(`^${server.url}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
          await expect(field.getAttribute('readonly')).resolves.not.toBeNull();
          await expectNoA11yViolations(page, `the calendar page with a new link (${viewport.width} px)`);
          await expectFits(page, `with a new link (${viewport.width} px)`);
          await page.screenshot({
            path: `/tmp/hearth-calendar-new-link-${viewport.width}.png`,
            fullPage: true,
          });

          // The link works without a session, as a calendar app fetches it.
          const feed = await fetch(url);
          expect(feed.status).toBe(200);
          expect(await feed.text()).toContain('BEGIN:VEVENT');

          // Back on the page the link is never shown again; the state is.
          await page.goto('/calendar');
          await expect(page.getByLabel('Calendar link (copy it now)').count()).resolves.toBe(0);
          await expect(page.getByText('Last read by a calendar app').count()).resolves.toBe(1);
          await expectNoA11yViolations(page, `the calendar page, on (${viewport.width} px)`);
          await expectFits(page, `on (${viewport.width} px)`);

          await navigateBy(page, () => page.getByRole('button', { name: 'Stop the calendar feed' }).click());
          await expect(page.locator('[role=status]').innerText()).resolves.toContain(
            'Its link no longer works.',
          );
          await expectNoA11yViolations(page, `the calendar page, stopped (${viewport.width} px)`);
          expect((await fetch(url)).status).toBe(404);
        } finally {
          await context.close();
        }
      },
      TIMEOUT,
    );
  }
});
