import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import {
  browserSuiteRuns,
  expectNoA11yViolations,
  launchBrowser,
  pageWidths,
  signInWithForm,
} from '../support/browser.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const TIMEOUT = 90_000;
const LEARNER = makeStaff({ employeeId: 'BR1', email: 'brand.learner@district.test' });

/** The logo's rendered box, whether the browser decoded it, and the brand text's box. */
async function header(page: Page) {
  const logo = page.locator('.site-header img.district-logo');
  const decoded = await logo.evaluate(
    (element) => (element as unknown as { naturalWidth: number }).naturalWidth,
  );
  const box = await logo.boundingBox();
  const name = await page.locator('.site-header .district').boundingBox();
  if (!box || !name) throw new Error('no logo or district name in the header');
  return { decoded, box, name };
}

const suite = browserSuiteRuns() ? describe : describe.skip;

suite('a district’s logo in the page header, in Chromium (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({
      HEARTH_DISTRICT_NAME: 'Riverside Unified School District of the Northern Valley',
      HEARTH_DISTRICT_LOGO: resolve('test/fixtures/branding/riverside-logo.jpg'),
      COURSES_DIR: resolve('test/fixtures/courses'),
      HEARTH_TODAY: '2026-09-01',
    });
    await enrol(await new Api(server.url).login(ADMIN.email, ADMIN.password), [LEARNER]);
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  it.each([
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ])(
    'shows it beside the district’s name at $width px on the sign-in page and a learner’s home, axe-clean',
    async (viewport) => {
      const signIn = await browser.newContext({ baseURL: server.url, viewport });
      const { context, page: home } = await signInWithForm(
        browser,
        server.url,
        LEARNER.email,
        TEST_PASSWORD,
        viewport,
      );
      try {
        const login = await signIn.newPage();
        await login.goto('/login');
        for (const [page, label] of [
          [login, 'sign-in'],
          [home, 'home'],
        ] as const) {
          await expectNoA11yViolations(page, `the ${label} page with a logo at ${viewport.width} px`);
          const { scrollWidth, innerWidth } = await pageWidths(page);
          expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
          const { decoded, box, name } = await header(page);
          expect(decoded).toBe(240);
          // A line's height or so, its 2.5:1 shape kept, left of the name and never over it.
          expect(box.height).toBeGreaterThanOrEqual(36);
          expect(box.height).toBeLessThanOrEqual(48);
          expect(box.width / box.height).toBeCloseTo(2.5, 1);
          expect(box.x + box.width).toBeLessThanOrEqual(name.x);
          await page.screenshot({
            path: `/tmp/hearth-branding-${label}-${viewport.width}.png`,
            fullPage: true,
          });
        }
      } finally {
        await signIn.close();
        await context.close();
      }
    },
    TIMEOUT,
  );
});
