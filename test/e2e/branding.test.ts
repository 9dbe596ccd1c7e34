import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { childEnv } from '../support/child-env.js';
import { built } from '../support/dist.js';
import { comparableText, pdfPageCount, pdfText } from '../support/pdf.js';
import { enrol, finishExampleCourse } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const LOGO = resolve('test/fixtures/branding/riverside-logo.jpg');
const SIGNATURE = resolve('templates/demo/signature.png');
const LOGO_HASH = createHash('sha256').update(readFileSync(LOGO)).digest('hex').slice(0, 16);
const BRANDING = {
  HEARTH_DISTRICT_NAME: 'Riverside Unified School District',
  HEARTH_DISTRICT_LOGO: LOGO,
  HEARTH_CERTIFICATE_SIGNER_NAME: 'Dr. Ana Ruiz',
  HEARTH_CERTIFICATE_SIGNER_TITLE: 'Superintendent of Schools',
  HEARTH_CERTIFICATE_SIGNATURE: SIGNATURE,
};

describe('a district’s logo and certificate signer', () => {
  let server: TestServer;
  let learner: Api;

  beforeAll(async () => {
    server = await startServer({
      ...BRANDING,
      COURSES_DIR: resolve('test/fixtures/courses'),
      HEARTH_TODAY: '2026-09-01',
    });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const person = makeStaff({ employeeId: 'B1', email: 'brand@district.test' });
    learner = (await enrol(admin, [person])).get(person.email) as Api;
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('puts the logo in the header of every page, beside the district’s name', async () => {
    // Handlebars writes the URL's = as &#x3D;, which the browser reads back as =.
    const page = (await (await fetch(`${server.url}/login`)).text()).replaceAll('&#x3D;', '=');
    // Decorative (alt=""): the name it stands for is written next to it.
    expect(page).toContain(
      `<img class="district-logo" src="/district/logo?v=${LOGO_HASH}" alt="" width="240" height="96">`,
    );
    expect(page).toMatch(/<span class="district">Riverside Unified School District<\/span>/);
  });

  it('serves the logo under its hash with its type and a year’s cache', async () => {
    const response = await fetch(`${server.url}/district/logo?v=${LOGO_HASH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(LOGO))).toBe(true);
  });

  it('keeps the logo only briefly under another hash (a page cached before the logo changed)', async () => {
    for (const path of ['/district/logo', '/district/logo?v=0123456789abcdef']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    }
  });

  it('prints the signer’s name and title on certificates, on one page', async () => {
    const serial = await finishExampleCourse(learner);
    const response = await fetch(`${server.url}/api/certificates/${serial}.pdf`, {
      headers: learner.authHeaders(),
    });
    expect(response.status).toBe(200);
    const pdf = new Uint8Array(await response.arrayBuffer());
    expect(await pdfPageCount(pdf)).toBe(1);
    const text = comparableText(await pdfText(pdf));
    expect(text).toMatch(/^Riverside Unified School District Certificate of Completion/);
    expect(text).toContain('Dr. Ana Ruiz Superintendent of Schools');
  });
});

describe('a district without a logo', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps today’s header and has no logo to serve', async () => {
    const page = await (await fetch(`${server.url}/login`)).text();
    expect(page).not.toContain('district-logo');
    expect((await fetch(`${server.url}/district/logo`)).status).toBe(404);
  });
});

describe('bad branding configuration', () => {
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, [built('src/main.js')], {
      env: childEnv({ HEARTH_DEMO: 'false', DATABASE_URL: 'sqlite::memory:', PORT: '0', ...env }),
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('stops the start, naming each variable, its file and what is wrong with it', () => {
    const notAnImage = resolve('README.md');
    const missing = resolve('test/fixtures/branding/no-such-signature.png');
    const result = start({
      HEARTH_DISTRICT_LOGO: notAnImage,
      HEARTH_CERTIFICATE_SIGNER_NAME: 'Dr. Ana Ruiz',
      HEARTH_CERTIFICATE_SIGNATURE: missing,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Invalid configuration: HEARTH_DISTRICT_LOGO: ${notAnImage} is not a PNG or JPEG image; ` +
        `HEARTH_CERTIFICATE_SIGNATURE: ${missing} does not exist`,
    );
  });

  it('refuses a signer’s title without their name', () => {
    const result = start({ HEARTH_CERTIFICATE_SIGNER_TITLE: 'Superintendent' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: HEARTH_CERTIFICATE_SIGNER_TITLE needs HEARTH_CERTIFICATE_SIGNER_NAME',
    );
  });
});
