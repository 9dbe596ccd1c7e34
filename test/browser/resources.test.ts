import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { loadCourses } from '../../src/courses/course-loader.js';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import {
  browserSuiteRuns,
  expectNoA11yViolations,
  launchBrowser,
  pageWidths,
  signInWithForm,
} from '../support/browser.js';
import { comparableText, missingPdfTools, pdfPageCount, pdfPagePng, pdfText } from '../support/pdf.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const TIMEOUT = 90_000;
const DISTRICT = 'Riverbend Unified School District';
const LEARNER = makeStaff({ employeeId: 'R1', email: 'reader@district.test' });

/** Every job aid and references page Hearth ships, with the course it belongs to. */
const shipped = loadCourses(resolve('courses')).courses.flatMap((course) =>
  course.resources.map((resource) => ({
    course,
    resource,
    path: `/learn/${course.id}/resources/${resource.id}`,
  })),
);
const jobAids = shipped.filter((entry) => entry.resource.kind === 'job-aid');
const references = shipped.filter((entry) => entry.resource.kind === 'references');

/** What the site around a page says: none of it belongs on paper. */
const SITE_TEXT = [
  'Skip to main content',
  'My training',
  'My certificates',
  'Sign out',
  LEARNER.email,
  'trauma-informed professional development for',
  'Ctrl',
];

const suite = browserSuiteRuns() ? describe : describe.skip;

suite('course resources in Chromium: pages (axe-core) and print', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  async function open(path: string): Promise<number> {
    return (await page.goto(path))?.status() ?? 0;
  }

  async function printed(path: string): Promise<{ pages: number; text: string }> {
    expect(await open(path)).toBe(200);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'Letter', preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    // The first sheet as a picture, to look at when a print check fails.
    await writeFile(`/tmp/resource-print-${path.split('/').at(-1)}.png`, await pdfPagePng(pdf, { dpi: 80 }));
    return { pages: await pdfPageCount(pdf), text: comparableText(await pdfText(pdf, { layout: false })) };
  }

  beforeAll(async () => {
    const missing = missingPdfTools();
    if (missing.length)
      throw new Error(`Install ${missing.join(', ')} (poppler-utils, qpdf) to check the prints`);
    browser = await launchBrowser();
    // Both shipped courses are open and assigned to all staff on this day.
    server = await startServer({ HEARTH_TODAY: '2026-09-01', HEARTH_DISTRICT_NAME: DISTRICT });
    await enrol(await new Api(server.url).login(ADMIN.email, ADMIN.password), [LEARNER]);
    ({ page } = await signInWithForm(browser, server.url, LEARNER.email, TEST_PASSWORD));
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  it('ships job aids for both courses and a references page for each', () => {
    expect(jobAids.map((entry) => `${entry.course.id}/${entry.resource.id}`).sort()).toEqual([
      'carma/language-swaps',
      'healing-centered/after-a-disclosure',
      'healing-centered/co-regulation-steps',
      'healing-centered/restorative-questions',
    ]);
    expect(references.map((entry) => entry.course.id).sort()).toEqual(['carma', 'healing-centered']);
  });

  it(
    'lists the resources on the course page and on each module page',
    async () => {
      expect(await open('/learn/healing-centered')).toBe(200);
      const list = page.getByRole('region', { name: 'Resources: references and printable job aids' });
      expect(await list.getByRole('link').allInnerTexts()).toEqual([
        'What to Do After a Disclosure',
        'Co-Regulation Steps',
        'Restorative Questions',
        'References',
      ]);
      expect(await open('/learn/carma/modules/introduction')).toBe(200);
      // The module's own link is relative, so it reaches the learner's page here and the preview for trainers.
      await page.locator('.module-body').getByRole('link', { name: 'Language Swaps' }).click();
      await page.waitForURL('**/learn/carma/resources/language-swaps');
      expect(
        await page.getByRole('table', { name: 'Language swaps: instead of this, try this' }).isVisible(),
      ).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'shows a job aid that passes axe and fits the screen, on a desktop and on a 360 px phone',
    async () => {
      for (const [width, height, name] of [
        [1280, 900, 'desktop'],
        [360, 740, 'phone'],
      ] as const) {
        await page.setViewportSize({ width, height });
        expect(await open('/learn/healing-centered/resources/after-a-disclosure')).toBe(200);
        expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
          'What to Do After a Disclosure',
        );
        expect(await page.getByText('press Ctrl+P').isVisible()).toBe(true);
        await expectNoA11yViolations(page, `a job aid (${name})`);
        const { scrollWidth, innerWidth } = await pageWidths(page);
        expect({ name, fits: scrollWidth <= innerWidth }).toEqual({ name, fits: true });
        await page.screenshot({ path: `/tmp/resource-job-aid-${name}.png`, fullPage: true });
        expect(await open('/learn/carma/resources/language-swaps')).toBe(200);
        await expectNoA11yViolations(page, `the language swaps table (${name})`);
        await page.screenshot({ path: `/tmp/resource-language-swaps-${name}.png`, fullPage: true });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    },
    TIMEOUT,
  );

  it(
    'prints each shipped job aid on exactly one US Letter sheet, with its title and without the site around it',
    async () => {
      for (const { course, resource, path } of jobAids) {
        const { pages, text } = await printed(path);
        const leaked = SITE_TEXT.filter((words) => text.includes(words));
        expect({
          path,
          pages,
          title: text.includes(resource.title),
          course: text.includes(course.title),
          district: text.includes(DISTRICT),
          leaked,
        }).toEqual({
          path,
          pages: 1,
          title: true,
          course: true,
          district: true,
          leaked: [],
        });
      }
    },
    TIMEOUT,
  );

  it(
    'prints the references page, which may run longer, with the brief’s citation',
    async () => {
      for (const { path } of references) {
        const { pages, text } = await printed(path);
        expect(pages).toBeGreaterThanOrEqual(1);
        expect(text).toContain('Grossman, Jean and Ximena Portilla. 2022. New York: MDRC.');
        expect(SITE_TEXT.filter((words) => text.includes(words))).toEqual([]);
      }
    },
    TIMEOUT,
  );
});
