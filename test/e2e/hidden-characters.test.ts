import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { openDataSource } from '../support/test-database.js';
import { StaffMember } from '../../src/staff/staff-member.entity.js';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { childEnv } from '../support/child-env.js';
import { enrol } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { built } from '../support/dist.js';

const run = promisify(execFile);
const RLO = '\u202e';

/** The page with every `<bdi>…</bdi>` and every FSI…PDI run taken out: what is not isolated. */
const outsideIsolates = (html: string) =>
  html.replace(/<bdi>[^<]*<\/bdi>/g, '').replace(/\u2068[^\u2069]*\u2069/g, '');

describe('characters that split rows, hide text or reorder it', () => {
  let server: TestServer;
  let admin: Api;
  let pages: PageClient;
  const dir = mkdtempSync(join(tmpdir(), 'hearth-hidden-'));

  beforeAll(async () => {
    server = await startServer({ COURSES_DIR: resolve('test/fixtures/courses'), HEARTH_TODAY: '2026-11-16' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    // Names may hold a right-to-left override (a real name can need direction marks): pages isolate them.
    const site = { siteCode: 'LIN', siteName: `Lin${RLO}coln` };
    const sessions = await enrol(admin, [
      makeStaff({
        employeeId: 'B1',
        email: 'b1@district.test',
        firstName: `Ana${RLO}`,
        lastName: 'Lima',
        ...site,
      }),
    ]);
    const roster = rosterCsv([
      makeStaff({
        employeeId: 'B2',
        email: 'b2@district.test',
        firstName: `Bo${RLO}`,
        lastName: 'Berg',
        ...site,
      }),
      makeStaff({ employeeId: 'C1', email: 'c1@district.test', firstName: 'Cora', ...site }),
    ]);
    const imported = await admin.post('/api/staff/import', roster, 'text/csv');
    if (imported.status !== 200) throw new Error(`import failed: ${imported.status}`);
    const learner = sessions.get('b1@district.test') as Api;
    for (const module of ['welcome', 'hard-days'])
      await learner.post(`/api/me/courses/example/modules/${module}/complete`);
    await learner.post('/api/me/courses/example/attest');
    await learner.post('/api/me/courses/example/quiz/attempts', {
      answers: { q1: 'a', q2: ['a', 'c'], q3: 'a' },
    });
    pages = new PageClient(server.url);
    await pages.get('/login');
    await pages.post('/login', [
      ['email', ADMIN.email],
      ['password', ADMIN.password],
      ['next', '/'],
    ]);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a roster whose names hold a CR, or whose email holds a zero-width space, and writes nothing', async () => {
    const before = await admin.get('/api/staff?pageSize=200');
    const roster = rosterCsv([
      makeStaff({ employeeId: 'NL-1', email: 'nl1@district.test' }),
      makeStaff({ employeeId: 'NL-2', email: 'nl2@district.test', firstName: 'Carriage\rReturn' }),
      makeStaff({ employeeId: 'NL-3', email: 'nl\u200b3@district.test' }),
    ]);
    const response = await admin.post('/api/staff/import', roster, 'text/csv');
    expect([response.status, response.body]).toEqual([
      422,
      {
        errors: [
          { line: 3, column: 'first_name', message: 'contains a control character (U+000D); remove it' },
          { line: 4, column: 'email', message: 'contains an invisible character (U+200B); remove it' },
        ],
        warnings: [],
      },
    ]);
    // The bodies, not the whole answers: their Date headers differ once a second has passed.
    expect((await admin.get('/api/staff?pageSize=200')).body).toEqual(before.body);
  });

  it('isolates every person and site name on the pages, so an override cannot reorder the text around it', async () => {
    const certificates = await pages.get('/hr/certificates?q=B1');
    // As a browser reads the attribute: Handlebars writes a serial's check symbol = as &#x3D; (1 in 37).
    const verifyPath = (/href="(\/verify\/[^"]+)"/.exec(certificates.html)?.[1] ?? '').replace(
      /&#x([0-9A-F]+);/gi,
      (_, hex: string) => String.fromCharCode(parseInt(hex, 16)),
    );
    expect(verifyPath).not.toBe('');
    const paths = [
      '/hr/staff',
      '/hr/staff/B1',
      '/hr/staff/B2',
      '/hr?course=example%402026-27',
      '/hr?course=example%402026-27&site=LIN',
      '/hr/overdue?course=example%402026-27&site=LIN',
      '/hr/certificates?q=B1',
      verifyPath,
    ];
    const seen: [string, number, boolean, string[]][] = [];
    for (const path of paths) {
      const page = await pages.get(path);
      const leaks = outsideIsolates(page.html)
        .split('\n')
        .filter((line) => line.includes(RLO))
        .map((line) => line.trim());
      seen.push([path, page.status, page.html.includes(RLO), leaks]);
    }
    // Each page shows the names (with their override), and only inside an isolate.
    expect(seen).toEqual(paths.map((path) => [path, 200, true, []]));
  });

  describe('every CSV export keeps one record per row, even for a name stored with a CR or LF', () => {
    beforeAll(async () => {
      // As a roster imported before such names were refused left them.
      const dataSource = await openDataSource(server.db.target);
      const staff = dataSource.getRepository(StaffMember);
      await staff.update({ employeeId: 'B2' }, { firstName: 'Carriage\rReturn' });
      await staff.update({ employeeId: 'C1' }, { firstName: 'Line\nFeed' });
      await dataSource.destroy();
    });

    it('the compliance CSV', async () => {
      const csv = await admin.get<string>('/api/reports/compliance.csv?courseId=example');
      expect(csv.body).toContain('B2,"Carriage\rReturn",Berg');
      const [header, ...records]: string[][] = parse(csv.body, { bom: true });
      expect([header.length, header[0]]).toEqual([12, 'employee_id']);
      expect(records.map((record) => [record.length, record[0], record[1]]).sort()).toEqual([
        [12, 'B1', `Ana${RLO}`],
        [12, 'B2', 'Carriage\rReturn'],
        [12, 'C1', 'Line\nFeed'],
      ]);
    });

    it('the invitation links from the command line', async () => {
      const out = join(dir, 'links.csv');
      await run(process.execPath, [built('src/cli/main.js'), 'invitations', '--out', out], {
        env: childEnv({ DATABASE_URL: server.db.url, PUBLIC_URL: server.url }),
      });
      const text = readFileSync(out, 'utf8');
      expect(text).toContain('C1,"Line\nFeed",');
      const [header, ...records]: string[][] = parse(text, { bom: true });
      expect([header.length, header[0]]).toEqual([7, 'employee_id']);
      expect(records.map((record) => [record.length, record[0], record[1]]).sort()).toEqual([
        [7, 'B2', 'Carriage\rReturn'],
        [7, 'C1', 'Line\nFeed'],
      ]);
    });
  });
});
