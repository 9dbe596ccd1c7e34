import { existsSync } from 'node:fs';
import { expect } from '@jest/globals';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page, type Response } from 'playwright-core';

/** Debian's Chromium (HEARTH_CHROMIUM names another build); the suite never downloads a browser. */
export const CHROMIUM_PATH = process.env.HEARTH_CHROMIUM || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** The axe rule tags every page must pass: WCAG 2.1 A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

const inCi = process.env.CI === 'true';

/**
 * Whether the browser suite runs. Without Chromium it is skipped on a developer's machine (with a
 * message saying why), but on CI (CI=true) it runs and fails in launchBrowser(), so a missing browser
 * can never pass silently.
 */
export function browserSuiteRuns(): boolean {
  if (existsSync(CHROMIUM_PATH) || inCi) return true;
  console.warn(
    `Skipping the browser tests: Chromium is not installed at ${CHROMIUM_PATH} ` +
      '(apt-get install chromium). On CI (CI=true) a missing Chromium fails the suite instead.',
  );
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}, and CI=true: the browser suite must run on CI, ` +
        'so it fails instead of being skipped. Install it with apt-get install chromium.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** The DOM globals the page functions below use (this project's TypeScript has no DOM library). */
interface PageGlobals {
  axe?: typeof axe;
  document: { documentElement: { scrollWidth: number } };
  innerWidth: number;
}

/** One violation as a person fixing it needs to read it: rule, help, and each failing element. */
export function describeViolations(violations: axe.Result[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map(
          (node) =>
            `    - target: ${JSON.stringify(node.target)}\n      html: ${node.html}\n` +
            `      ${node.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`,
        )
        .join('\n');
      return `  ${violation.id} (${violation.impact ?? 'no impact given'}): ${violation.help}\n    ${violation.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

/**
 * Fails if the page broke its Content Security Policy (an inline style or script, another origin), as the
 * browser reported it. Reports are buffered, so violations from the page's load count too.
 */
export async function expectNoCspViolations(page: Page, label: string): Promise<void> {
  const violations = await page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        interface CspReport {
          body: { effectiveDirective: string; blockedURL: string };
        }
        const g = globalThis as unknown as {
          ReportingObserver: new (
            callback: (reports: CspReport[]) => void,
            options: { types: string[]; buffered: boolean },
          ) => { observe(): void; takeRecords(): CspReport[]; disconnect(): void };
          setTimeout(callback: () => void, ms: number): void;
        };
        const seen: CspReport[] = [];
        const observer = new g.ReportingObserver((reports) => seen.push(...reports), {
          types: ['csp-violation'],
          buffered: true,
        });
        observer.observe();
        g.setTimeout(() => {
          seen.push(...observer.takeRecords());
          observer.disconnect();
          resolve(seen.map((r) => `${r.body.effectiveDirective} blocked ${r.body.blockedURL}`));
        }, 50);
      }),
  );
  expect({ label, violations }).toEqual({ label, violations: [] });
}

/**
 * Runs axe-core on the page as it is now and fails with every violation (rule, help, failing elements)
 * if there is any, and checks the page kept to its Content Security Policy. `label` names the page state
 * in the failure message.
 */
export async function expectNoA11yViolations(page: Page, label: string): Promise<void> {
  await expectNoCspViolations(page, label);
  const injected = await page.evaluate(() => Boolean((globalThis as unknown as PageGlobals).axe));
  // Evaluated over the DevTools protocol, which the page's CSP does not govern (a script tag would be blocked).
  if (!injected) await page.evaluate(axe.source);
  const results = await page.evaluate((tags) => {
    const g = globalThis as unknown as PageGlobals & { axe: typeof axe };
    return g.axe.run({ runOnly: { type: 'tag', values: tags } });
  }, AXE_TAGS);
  const report =
    results.violations.length === 0
      ? 'no violations'
      : `${results.violations.length} accessibility violation(s) on ${label} (${page.url()}):\n` +
        describeViolations(results.violations);
  expect(report).toBe('no violations');
}

/** The page's full width and the viewport's: when the first is larger, the page scrolls sideways. */
export async function pageWidths(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return { scrollWidth: g.document.documentElement.scrollWidth, innerWidth: g.innerWidth };
  });
}

/**
 * A fresh browser context signed in through the sign-in form (for tests that are not about signing in),
 * on the page the sign-in lands on: the person's role's home.
 */
export async function signInWithForm(
  browser: Browser,
  baseURL: string,
  email: string,
  password: string,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport });
  const page = await context.newPage();
  await page.goto('/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  return { context, page };
}

/**
 * Runs `action` (a click, a key press) that loads a new page, and resolves once the new document is
 * loaded, with the main-frame response that produced it (after any redirect).
 */
export async function navigateBy(page: Page, action: () => Promise<unknown>): Promise<Response> {
  const response = page.waitForResponse(
    (r) =>
      r.request().isNavigationRequest() &&
      r.frame() === page.mainFrame() &&
      !(r.status() >= 300 && r.status() < 400),
  );
  const loaded = page.waitForEvent('domcontentloaded');
  await action();
  const [result] = await Promise.all([response, loaded]);
  return result;
}

/** The page's main heading. */
export async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').innerText()).replace(/\s+/g, ' ').trim();
}

/** Loads each path on a phone-sized screen and expects none to scroll sideways. */
export async function expectFitsPhone(page: Page, paths: string[]): Promise<void> {
  await page.setViewportSize({ width: 375, height: 740 });
  for (const path of paths) {
    const response = await page.goto(path);
    const { scrollWidth, innerWidth } = await pageWidths(page);
    expect({ path, status: response?.status(), fits: scrollWidth <= innerWidth }).toEqual({
      path,
      status: 200,
      fits: true,
    });
  }
}
