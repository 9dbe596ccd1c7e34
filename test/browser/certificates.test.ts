import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
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

const TIMEOUT = 60_000;
const suite = browserSuiteRuns() ? describe : describe.skip;

suite('certificate pages in Chromium (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;
  let serial: string;

  const signedIn = (email: string) => signInWithForm(browser, server.url, email, TEST_PASSWORD);

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-09-01' });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const people = [
      makeStaff({ employeeId: 'C1', firstName: 'Fatima', lastName: 'Haddad', email: 'fatima@district.test' }),
      makeStaff({ employeeId: 'H1', email: 'hr@district.test' }),
    ];
    const learner = (await enrol(admin, people, { H1: ['hr'] })).get('fatima@district.test') as Api;
    for (const module of ['welcome', 'hard-days'])
      await learner.post(`/api/me/courses/example/modules/${module}/complete`);
    await learner.post('/api/me/courses/example/attest');
    const attempt = await learner.post<{ completion: { certificateSerial: string } }>(
      '/api/me/courses/example/quiz/attempts',
      {
        answers: { q1: 'a', q2: ['a', 'c'], q3: 'a' },
      },
    );
    serial = attempt.body.completion.certificateSerial;
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  it(
    'shows the learner their certificate with a download link, and My training links it too',
    async () => {
      const { context, page } = await signedIn('fatima@district.test');
      expect(
        await page
          .getByRole('link', { name: 'Certificate (PDF) for An Example Course' })
          .getAttribute('href'),
      ).toBe(`/certificates/${serial}.pdf`);
      await expectNoA11yViolations(page, 'My training with a completed course');
      await page.goto('/certificates');
      expect(await page.locator('h1').innerText()).toBe('My certificates');
      const link = page.getByRole('link', { name: 'Download the PDF for An Example Course 2026-27' });
      expect(await link.getAttribute('href')).toBe(`/certificates/${serial}.pdf`);
      const pdf = await context.request.get(`/certificates/${serial}.pdf`);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      await expectNoA11yViolations(page, 'My certificates');
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'shows anyone the verification page without signing in, readable on a phone',
    async () => {
      const context = await browser.newContext({
        baseURL: server.url,
        viewport: { width: 375, height: 740 },
      });
      const page = await context.newPage();
      expect((await page.goto(`/verify/${serial}`))?.status()).toBe(200);
      expect(await page.locator('h1').innerText()).toBe('This certificate is valid');
      expect(await page.locator('table').innerText()).toContain('Fatima Haddad');
      const { scrollWidth, innerWidth } = await pageWidths(page);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await expectNoA11yViolations(page, 'the verification page');
      expect((await page.goto('/verify/0000-0000-0000-00'))?.status()).toBe(404);
      await expectNoA11yViolations(page, 'the unknown-certificate page');
      // Someone holding a paper certificate types its number, in lower case.
      await navigateBy(page, () => page.getByRole('link', { name: 'try again' }).click());
      await expectNoA11yViolations(page, 'the form to check a certificate');
      await page.getByLabel('Certificate number').fill(` ${serial.toLowerCase()} `);
      await navigateBy(page, () => page.getByRole('button', { name: 'Check' }).click());
      expect(await page.locator('h1').innerText()).toBe('This certificate is valid');
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'lets HR find the certificate and revoke it with a reason, using the keyboard; verification then says revoked',
    async () => {
      const { context, page } = await signedIn('hr@district.test');
      await page.goto('/hr/certificates');
      await page.locator('#q').focus();
      await page.keyboard.type('Haddad');
      await Promise.all([page.waitForURL('**/hr/certificates?q=Haddad'), page.keyboard.press('Enter')]);
      await expectNoA11yViolations(page, 'HR certificate search results');
      await page.getByLabel(`Reason for revoking ${serial}`).focus();
      await page.keyboard.type('Issued to the wrong person');
      await Promise.all([
        page.waitForURL(`**/hr/certificates?q=${encodeURIComponent(serial)}`),
        page.keyboard.press('Enter'),
      ]);
      expect(await page.locator('.card').innerText()).toContain('Revoked');
      await expectNoA11yViolations(page, 'HR search after revoking');
      await page.goto(`/verify/${serial}`);
      expect(await page.locator('h1').innerText()).toBe('This certificate was revoked');
      await expectNoA11yViolations(page, 'the verification page of a revoked certificate');
      await context.close();
    },
    TIMEOUT,
  );
});
