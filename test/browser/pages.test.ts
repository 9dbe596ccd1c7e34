import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { makeStaff, makeStaffList, type RosterFields, rosterCsv } from '../factories/staff.factory.js';
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

type BrowserStorage = Awaited<ReturnType<BrowserContext['storageState']>>;

interface StaffPage {
  items: { employeeId: string; email: string; status: string }[];
  total: number;
}

async function goto(page: Page, url: string): Promise<Response> {
  const response = await page.goto(url);
  if (!response) throw new Error(`No response for ${url}`);
  return response;
}

/** The id of the focused element. */
async function focusedId(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      (globalThis as unknown as { document: { activeElement: { id?: string } | null } }).document
        .activeElement?.id ?? '',
  );
}

/** Presses Tab until the element with `id` has focus (at most `limit` presses); returns the presses. */
async function tabTo(page: Page, id: string, limit = 10): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if ((await focusedId(page)) === id) return presses;
  }
  return -1;
}

/** The text of the elements an element's aria-describedby points to: what a screen reader reads with it. */
async function descriptionOf(page: Page, selector: string): Promise<string> {
  const ids = ((await page.locator(selector).getAttribute('aria-describedby')) ?? '').split(/\s+/);
  const texts: string[] = [];
  for (const id of ids.filter(Boolean)) texts.push((await page.locator(`[id="${id}"]`).innerText()).trim());
  return texts.join(' ');
}

/** The number in the counts table's row `label` (e.g. "New staff"). */
async function countIn(page: Page, label: string): Promise<string> {
  return (await page.locator('table.counts tr', { hasText: label }).locator('td').innerText()).trim();
}

async function uploadRoster(page: Page, csv: string): Promise<Response> {
  await page.setInputFiles('#file', { name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  return navigateBy(page, () => page.getByRole('button', { name: 'Check the file' }).click());
}

const suite = browserSuiteRuns() ? describe : describe.skip;

suite('pages in Chromium (keyboard, forms, axe-core)', () => {
  let server: TestServer;
  let browser: Browser;
  let api: Api;
  /** The admin's page session (cookies), signed in once through the sign-in form. */
  let adminStorage: BrowserStorage;
  let context: BrowserContext | undefined;

  /** A fresh browser tab; signed in as the admin unless `signedIn` is false. */
  async function openPage(
    options: { signedIn?: boolean; viewport?: { width: number; height: number } } = {},
  ): Promise<Page> {
    context = await browser.newContext({
      baseURL: server.url,
      storageState: options.signedIn === false ? undefined : adminStorage,
      viewport: options.viewport ?? { width: 1280, height: 800 },
    });
    return context.newPage();
  }

  async function staffList(): Promise<StaffPage> {
    const response = await api.get<StaffPage>('/api/staff?pageSize=200');
    expect(response.status).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
    api = await new Api(server.url).login(ADMIN.email, ADMIN.password);

    const signIn = await browser.newContext({ baseURL: server.url });
    const page = await signIn.newPage();
    await goto(page, '/login');
    await page.fill('#email', ADMIN.email);
    await page.fill('#password', ADMIN.password);
    await navigateBy(page, () => page.getByRole('button', { name: 'Sign in' }).click());
    if (new URL(page.url()).pathname !== '/admin/people')
      throw new Error(`Admin sign-in failed: at ${page.url()}`);
    adminStorage = await signIn.storageState();
    await signIn.close();
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  beforeEach(() => {
    context = undefined;
  });

  afterEach(async () => {
    await context?.close();
  });

  it(
    'signs in with the keyboard alone, and the sign-in page and the admin’s home pass axe',
    async () => {
      const page = await openPage({ signedIn: false });
      const response = await goto(page, '/login');
      expect(response.status()).toBe(200);
      expect(await heading(page)).toBe('Sign in');
      await expectNoA11yViolations(page, 'the sign-in page');

      expect(await tabTo(page, 'email')).toBeGreaterThan(0);
      await page.keyboard.type(ADMIN.email);
      await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe('password');
      await page.keyboard.type(ADMIN.password);
      const home = await navigateBy(page, () => page.keyboard.press('Enter'));

      // An admin lands on People, their own home.
      expect(home.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/admin/people');
      expect(await heading(page)).toBe('People and roles');
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
      expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
      await expectNoA11yViolations(page, 'the admin’s home');
    },
    TIMEOUT,
  );

  it(
    'shows a wrong password as an error tied to the fields, and that page passes axe',
    async () => {
      const page = await openPage({ signedIn: false });
      await goto(page, '/login');
      await page.fill('#email', ADMIN.email);
      await page.fill('#password', 'not-the-password');
      const response = await navigateBy(page, () => page.getByRole('button', { name: 'Sign in' }).click());

      expect(response.status()).toBe(401);
      expect(new URL(page.url()).pathname).toBe('/login');
      const alert = page.getByRole('alert');
      expect(await alert.innerText()).toContain('That email and password do not match an account');
      for (const field of ['#email', '#password']) {
        expect(await page.locator(field).getAttribute('aria-invalid')).toBe('true');
        expect(await descriptionOf(page, field)).toContain('That email and password do not match an account');
      }
      // The email is kept; the password is not sent back.
      expect(await page.inputValue('#email')).toBe(ADMIN.email);
      expect(await page.inputValue('#password')).toBe('');
      await expectNoA11yViolations(page, 'the sign-in page with a wrong password');
    },
    TIMEOUT,
  );

  it(
    'lists a bad roster row by line, column and message, saves nothing, and passes axe',
    async () => {
      const rows: RosterFields[] = [makeStaff(), makeStaff({ hireDate: '2024-13-45' }), makeStaff()];
      const before = await staffList();
      const page = await openPage();
      const form = await goto(page, '/hr/import');
      expect(form.status()).toBe(200);
      expect(await heading(page)).toBe('Import roster');
      await expectNoA11yViolations(page, 'the import page');

      const response = await uploadRoster(page, rosterCsv(rows));

      expect(response.status()).toBe(422);
      expect(await page.getByRole('alert').innerText()).toContain('Nothing was saved');
      const table = page.getByRole('table', { name: 'Problems by line' });
      const cells = await table
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) =>
            Array.from((tr as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells).map(
              (td) => (td.textContent ?? '').trim(),
            ),
          ),
        );
      // The header is line 1, so the second staff row is line 3.
      expect(cells).toEqual([['3', 'hire_date', '"2024-13-45" is not a date written YYYY-MM-DD']]);
      await expectNoA11yViolations(page, 'the import review page with problems');

      const after = await staffList();
      expect(after.total).toBe(before.total);
      const ids = new Set(after.items.map((item) => item.employeeId));
      expect(rows.filter((row) => ids.has(row.employeeId))).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'imports a valid roster after review and confirmation; both pages pass axe',
    async () => {
      const rows = makeStaffList(3, (i) => ({ siteCode: 'WAS', siteName: `Washington Middle ${i}` }));
      const page = await openPage();
      await goto(page, '/hr/import');

      const review = await uploadRoster(page, rosterCsv(rows));

      expect(review.status()).toBe(200);
      expect(await heading(page)).toBe('Import roster: review');
      expect(await page.getByRole('status').innerText()).toContain('Nothing has been saved yet');
      expect(await countIn(page, 'New staff')).toBe('3');
      expect(await countIn(page, 'Updated')).toBe('0');
      expect(await countIn(page, 'Marked inactive')).toBe('0');
      await expectNoA11yViolations(page, 'the import review page (valid file)');
      expect(
        (await staffList()).items.filter((s) => rows.some((r) => r.employeeId === s.employeeId)),
      ).toEqual([]);

      const done = await navigateBy(page, () => page.getByRole('button', { name: 'Confirm import' }).click());

      expect(done.status()).toBe(200);
      // Redirected after the post: reloading shows the same result and imports nothing again.
      expect(new URL(page.url()).pathname).toBe('/hr/import/done');
      expect(await heading(page)).toBe('Roster imported');
      expect(await page.getByRole('status').innerText()).toContain('roster.csv');
      expect(await countIn(page, 'New staff')).toBe('3');
      expect(await page.locator('main').innerText()).toMatch(/\d+ people have no password yet/);
      await expectNoA11yViolations(page, 'the roster imported page');
      expect((await page.reload())?.status()).toBe(200);
      expect(await countIn(page, 'New staff')).toBe('3');

      const saved = (await staffList()).items.filter((s) => rows.some((r) => r.employeeId === s.employeeId));
      expect(saved.map((s) => s.email).sort()).toEqual(rows.map((r) => r.email).sort());
    },
    TIMEOUT,
  );

  it(
    'accepts an invitation (after a mismatched attempt), then the person signs in; pages pass axe',
    async () => {
      const member = makeStaff({ firstName: 'Jordan' });
      const imported = await api.post('/api/staff/import', rosterCsv([member]), 'text/csv');
      expect(imported.status).toBe(200);
      const invitation = await api.post<{ token: string; url: string }>('/api/auth/invitations', {
        employeeId: member.employeeId,
      });
      expect(invitation.status).toBe(201);
      expect(invitation.body.url.startsWith(`${server.url}/invitations/accept?token=`)).toBe(true);

      const page = await openPage({ signedIn: false });
      const form = await goto(page, invitation.body.url);
      expect(form.status()).toBe(200);
      expect(await heading(page)).toBe('Set your password');
      await expectNoA11yViolations(page, 'the set-password page');

      const password = 'a kettle of hawks over the lake';
      await page.fill('#password', password);
      await page.fill('#confirm', 'a kettle of hawks over the pond');
      const mismatch = await navigateBy(page, () =>
        page.getByRole('button', { name: 'Set password' }).click(),
      );
      expect(mismatch.status()).toBe(400);
      expect(await page.getByRole('alert').innerText()).toContain('The two passwords are not the same.');
      await expectNoA11yViolations(page, 'the set-password page with an error');

      await page.fill('#password', password);
      await page.fill('#confirm', password);
      const accepted = await navigateBy(page, () =>
        page.getByRole('button', { name: 'Set password' }).click(),
      );
      expect(accepted.status()).toBe(200);
      expect(await heading(page)).toBe('Your password is set');
      expect(await page.locator('main').innerText()).toContain(member.email);
      await expectNoA11yViolations(page, 'the password-set page');

      await navigateBy(page, () => page.getByRole('link', { name: 'Go to sign in' }).click());
      expect(await heading(page)).toBe('Sign in');
      await page.fill('#email', member.email);
      await page.fill('#password', password);
      const home = await navigateBy(page, () => page.getByRole('button', { name: 'Sign in' }).click());
      expect(home.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await heading(page)).toBe('My training');
      // A learner sees no HR link.
      expect(await page.getByRole('link', { name: 'Import roster' }).count()).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'shows a not-found page that passes axe',
    async () => {
      const page = await openPage();
      const response = await goto(page, '/no-such-page');
      expect(response.status()).toBe(404);
      expect(await heading(page)).toBe('Page not found');
      await expectNoA11yViolations(page, 'the not-found page');
    },
    TIMEOUT,
  );

  it(
    'fits a phone screen: the import pages do not scroll sideways',
    async () => {
      const page = await openPage({ viewport: { width: 375, height: 740 } });
      await goto(page, '/hr/import');
      const form = await pageWidths(page);
      expect(form.scrollWidth).toBeLessThanOrEqual(form.innerWidth);
      await expectNoA11yViolations(page, 'the import page on a phone');

      const long = makeStaff({ hireDate: 'not-a-date-and-quite-a-long-value-for-a-narrow-screen' });
      await uploadRoster(page, rosterCsv([long]));
      expect(await heading(page)).toBe('Import roster: problems found');
      const review = await pageWidths(page);
      expect(review.scrollWidth).toBeLessThanOrEqual(review.innerWidth);
    },
    TIMEOUT,
  );
});
