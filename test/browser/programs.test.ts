import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
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

const COUNSELOR = makeStaff({
  employeeId: 'C1',
  email: 'c1@district.test',
  jobRole: 'counselor',
  firstName: 'Inés',
  lastName: 'Ruiz',
});
const HR = makeStaff({ employeeId: 'H1', email: 'h1@district.test', jobRole: 'support' });
const PROGRAM = '/programs/carma-practitioner/2026-27';

suite('programs and the PD transcript in Chromium (axe-core), on a desktop and a 360 px phone', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ HEARTH_TODAY: '2026-11-23' });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await enrol(admin, [COUNSELOR, HR], { H1: ['hr'] });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  it(
    'lets HR enroll a CSV on the program’s page, naming a bad line first, at 360 px',
    async () => {
      const { context, page } = await signInWithForm(browser, server.url, HR.email, TEST_PASSWORD, {
        width: 360,
        height: 740,
      });
      try {
        await page.goto(`/hr${PROGRAM}`);
        expect(await heading(page)).toBe('Enrolment: CARMA Practitioner Certification (2026-27)');
        await expectNoA11yViolations(page, 'the enrolment page');
        const upload = async (csv: string) => {
          await page
            .getByLabel('Or a CSV file of employee ids')
            .setInputFiles({ name: 'cohort.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
          return navigateBy(page, () => page.getByRole('button', { name: 'Enroll' }).click());
        };
        expect((await upload('employee_id\nC1\nNOBODY\n')).status()).toBe(422);
        await expect(page.getByRole('alert').innerText()).resolves.toContain(
          'Line 3: no staff member with employee id NOBODY',
        );
        await expectNoA11yViolations(page, 'the enrolment page with line errors');
        expect((await upload('employee_id\nC1\n')).status()).toBe(200);
        await expect(page.getByRole('status').innerText()).resolves.toContain('1 enrolled.');
        await expect(page.getByRole('cell', { name: 'C1' }).count()).resolves.toBe(1);
        await expectNoA11yViolations(page, 'the enrolment page with one person');
        const { scrollWidth, innerWidth } = await pageWidths(page);
        expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
        await page.screenshot({ path: '/tmp/hearth-program-enrolment-360.png', fullPage: true });
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 360, height: 740 },
  ]) {
    it(
      `shows the enrolled person their program, its parts and the practicum form, and their transcript, at ${viewport.width} px`,
      async () => {
        const { context, page } = await signInWithForm(
          browser,
          server.url,
          COUNSELOR.email,
          TEST_PASSWORD,
          viewport,
        );
        try {
          await navigateBy(page, () => page.getByRole('link', { name: 'Programs' }).click());
          expect(await heading(page)).toBe('Programs');
          await expectNoA11yViolations(page, `the programs page (${viewport.width} px)`);
          await navigateBy(page, () =>
            page.getByRole('link', { name: 'CARMA Practitioner Certification' }).first().click(),
          );
          expect(new URL(page.url()).pathname).toBe(PROGRAM);
          await expect(page.getByText('0 of 4 parts done').count()).resolves.toBe(1);
          await expect(page.getByText('Facilitated sessions: 0 of 8 attended').count()).resolves.toBe(1);
          await expectNoA11yViolations(page, `the program page (${viewport.width} px)`);
          expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(viewport.width);

          await navigateBy(page, () => page.getByRole('link', { name: 'My transcript' }).click());
          expect(await heading(page)).toBe('My PD transcript');
          await expect(
            page
              .getByText('No completed courses, attended sessions or programs yet.', { exact: false })
              .count(),
          ).resolves.toBe(1);
          await expectNoA11yViolations(page, `the transcript (${viewport.width} px)`);
          await page.screenshot({ path: `/tmp/hearth-program-${viewport.width}.png`, fullPage: true });
        } finally {
          await context.close();
        }
      },
      TIMEOUT,
    );
  }

  it(
    'confirms the practicum by keyboard alone',
    async () => {
      const { context, page } = await signInWithForm(browser, server.url, COUNSELOR.email, TEST_PASSWORD);
      try {
        await page.goto(PROGRAM);
        await page.getByRole('button', { name: 'I confirm this statement' }).focus();
        await navigateBy(page, () => page.keyboard.press('Enter'));
        await expect(page.getByRole('status').innerText()).resolves.toContain('Your practicum is recorded.');
        await expect(page.getByText('1 of 4 parts done').count()).resolves.toBe(1);
        await expect(page.getByRole('button', { name: 'I confirm this statement' }).count()).resolves.toBe(0);
        await expectNoA11yViolations(page, 'the program page after the practicum');
      } finally {
        await context.close();
      }
    },
    TIMEOUT,
  );
});
