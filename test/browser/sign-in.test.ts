import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import {
  browserSuiteRuns,
  expectNoA11yViolations,
  heading,
  launchBrowser,
  navigateBy,
} from '../support/browser.js';
import { CLIENT, TestIssuer } from '../support/oidc-provider.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const TIMEOUT = 60_000;

/** The focused element's text and outline style (visible focus). */
async function focused(page: Page): Promise<[string, string]> {
  return page.evaluate(
    '(() => { const e = document.activeElement; return [e.textContent.trim(), getComputedStyle(e).outlineStyle]; })()',
  );
}

const suite = browserSuiteRuns() ? describe : describe.skip;

suite('the sign-in page with single sign-on, in Chromium', () => {
  let issuer: TestIssuer;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    issuer = await TestIssuer.listen();
    browser = await launchBrowser();
    server = await startServer({
      OIDC_ISSUER: issuer.url,
      OIDC_CLIENT_ID: CLIENT.id,
      OIDC_CLIENT_SECRET: CLIENT.secret,
      OIDC_LABEL: 'Test District',
      HEARTH_PASSWORD_SIGNIN: 'false',
    });
    issuer.trust(server.url);
    issuer.people.set('sub-admin', { email: ADMIN.email, email_verified: true });
    issuer.people.set('sub-stranger', { email: 'stranger@district.test', email_verified: true });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await issuer?.stop();
  }, TIMEOUT);

  it(
    'passes axe, and the button signs in with the keyboard alone',
    async () => {
      const context = await browser.newContext({ baseURL: server.url });
      const page = await context.newPage();
      await page.goto('/login?next=/certificates');
      expect(await heading(page)).toBe('Sign in');
      await expectNoA11yViolations(page, 'the sign-in page with the single sign-on button');
      await page.goto('/login?password=1');
      await expectNoA11yViolations(page, 'the sign-in page with the administrators’ password form');

      await page.goto('/login?next=/certificates');
      let presses = 0;
      while ((await focused(page))[0] !== 'Sign in with Test District' && presses++ < 10)
        await page.keyboard.press('Tab');
      expect(await focused(page)).toEqual(['Sign in with Test District', 'solid']);
      issuer.signInAs = 'sub-admin';
      await navigateBy(page, () => page.keyboard.press('Enter'));
      await page.waitForURL(`${server.url}/certificates`);
      expect(new URL(page.url()).pathname).toBe('/certificates');
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'shows a refusal page that passes axe',
    async () => {
      const context = await browser.newContext({ baseURL: server.url });
      const page = await context.newPage();
      await page.goto('/login');
      issuer.signInAs = 'sub-stranger';
      await navigateBy(page, () => page.getByRole('link', { name: 'Sign in with Test District' }).click());
      await page.waitForURL(/\/auth\/oidc\/callback/);
      expect(await heading(page)).toBe('You cannot sign in to Hearth this way');
      await expectNoA11yViolations(page, 'the single sign-on refusal page');
      await context.close();
    },
    TIMEOUT,
  );
});
