import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashToken } from '../../src/identity/secrets.js';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { openDataSource } from '../support/test-database.js';

const LEARNER = makeStaff({ employeeId: 'C1', email: 'cal.learner@district.test', hireDate: '2020-08-10' });
// Hired after the editions opened: both courses due 30 days later, 2026-12-10.
const NEWCOMER = makeStaff({ employeeId: 'C2', email: 'cal.newcomer@district.test', hireDate: '2026-11-10' });

/** The feed link a page shows, and its token. */
function linkIn(html: string): { url: string; token: string } {
  const match = /value="(http:\/\/[^"]+\/calendar\/([A-Za-z0-9_-]+)\.ics)"/.exec(html);
  if (!match) throw new Error(`no calendar link on the page:\n${html}`);
  return { url: match[1], token: match[2] };
}

/** The unfolded lines of each VEVENT. */
function eventsIn(ics: string): string[][] {
  return ics
    .replace(/\r\n /g, '')
    .split('BEGIN:VEVENT\r\n')
    .slice(1)
    .map((part) => part.split('END:VEVENT')[0].split('\r\n').filter(Boolean));
}

const field = (event: string[], name: string) =>
  event.find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));

async function signIn(server: TestServer, email: string): Promise<PageClient> {
  const pages = new PageClient(server.url);
  await pages.get('/login');
  const signedIn = await pages.post('/login', [
    ['email', email],
    ['password', TEST_PASSWORD],
    ['next', '/'],
  ]);
  if (signedIn.status !== 303) throw new Error(`sign-in as ${email} failed: ${signedIn.status}`);
  return pages;
}

describe('the private calendar feed over HTTP', () => {
  let server: TestServer;
  let admin: Api;
  let learner: PageClient;
  let newcomer: PageClient;
  /** Every token made in this test, to look for in the server's log. */
  const tokens: string[] = [];
  /** Each person's current link's token. */
  let learnerToken: string;
  let newcomerToken: string;

  /** Makes a link with the page's button, as the person would, and notes its token. */
  async function makeLink(pages: PageClient): Promise<{ url: string; token: string; html: string }> {
    await pages.get('/calendar');
    const made = await pages.post('/calendar/feed', []);
    if (made.status !== 200) throw new Error(`making a link failed: ${made.status}`);
    const link = linkIn(made.html);
    tokens.push(link.token);
    return { ...link, html: made.html };
  }

  const feedOf = (token: string) => feed(`${server.url}/calendar/${token}.ics`);

  beforeAll(async () => {
    // debug: the most the server ever logs, and still no token in it.
    server = await startServer({ HEARTH_TODAY: '2026-11-23', HEARTH_LOG_LEVEL: 'debug' });
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await enrol(admin, [LEARNER, NEWCOMER]);
    learner = await signIn(server, LEARNER.email);
    newcomer = await signIn(server, NEWCOMER.email);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  const feed = (url: string) => fetch(url, { redirect: 'manual' });

  it('sends a signed-out visitor to sign in, and refuses a form without its CSRF token', async () => {
    const page = await new PageClient(server.url).get('/calendar');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/login?next=%2Fcalendar');
    const posted = await new PageClient(server.url).post('/calendar/feed', []);
    expect(posted.status).toBe(403);
    const forged = await fetch(`${server.url}/calendar/feed`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
  });

  it('links to the calendar page from My training, and says the feed is off until one is made', async () => {
    const home = await learner.get('/');
    expect(home.html).toContain('<a href="/calendar">Put your due dates in your calendar</a>');
    const page = await learner.get('/calendar');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Your calendar feed is off.');
    expect(page.html).toContain('Make my calendar link');
    expect(page.html).not.toContain('.ics');
  });

  it('makes a link, shows it once, and keeps only its hash', async () => {
    const { url, token, html } = await makeLink(learner);
    expect(url).toBe(`${server.url}/calendar/${token}.ics`);
    expect(html).toMatch(/<input id="feed-url" type="text" readonly value="[^"]+"/);
    expect(html).toContain('keeps only a fingerprint');
    expect(html).toContain('From URL');
    expect(html).toContain('Subscribe from web');

    const later = await learner.get('/calendar');
    expect(later.html).not.toContain(token);
    expect(later.html).toContain('Made on');
    expect(later.html).toContain('Not yet');

    const dataSource = await openDataSource(server.db.target);
    try {
      const rows = await dataSource.query<{ token_hash: string }[]>('SELECT token_hash FROM calendar_feeds');
      expect(rows.map((r) => r.token_hash)).toEqual([hashToken(token)]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('answers the page with no-store when the link is made', async () => {
    const page = await learner.get('/calendar');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1] ?? '';
    const cookies = [
      `hearth_session=${learner.cookie('hearth_session')}`,
      `hearth_csrf=${learner.cookie('hearth_csrf')}`,
    ];
    const made = await fetch(`${server.url}/calendar/feed`, {
      method: 'POST',
      headers: { cookie: cookies.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
      redirect: 'manual',
    });
    expect(made.status).toBe(200);
    expect(made.headers.get('cache-control')).toBe('no-store');
    learnerToken = linkIn(await made.text()).token;
    tokens.push(learnerToken);
  });

  it('serves one all-day event per pending course on its due date, without a session', async () => {
    const response = await feedOf(learnerToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const ics = await response.text();
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('X-WR-CALNAME:Hearth School District training\r\n');
    const events = eventsIn(ics);
    expect(events).toHaveLength(2);
    const byUid = new Map(events.map((event) => [field(event, 'UID'), event]));
    const healing = byUid.get('UID:healing-centered-2026-27@127.0.0.1') as string[];
    const carma = byUid.get('UID:carma-2026-27@127.0.0.1') as string[];
    expect(field(healing, 'DTSTART')).toBe('DTSTART;VALUE=DATE:20261031');
    expect(field(healing, 'SUMMARY')).toBe('SUMMARY:Due: Healing-Centered Practice');
    expect(field(healing, 'DESCRIPTION')).toContain('October 31\\, 2026');
    expect(field(healing, 'DESCRIPTION')).toContain(`${server.url}/learn/healing-centered`);
    expect(field(healing, 'URL')).toBe(`URL;VALUE=URI:${server.url}/learn/healing-centered`);
    expect(field(carma, 'DTSTART')).toBe('DTSTART;VALUE=DATE:20270131');

    // The page now says when a calendar app last read it.
    const page = await learner.get('/calendar');
    expect(page.html).not.toContain('Not yet');
    expect(page.html).toMatch(/November|December|January/);
  });

  it('leaves out a course once the person is exempt from it', async () => {
    const exempted = await admin.post('/api/staff/C1/exemptions', {
      courseId: 'carma',
      edition: '2026-27',
      reason: 'Completed the same training elsewhere',
    });
    expect(exempted.status).toBeLessThan(300);
    const ics = await (await feedOf(learnerToken)).text();
    expect(eventsIn(ics).map((event) => field(event, 'UID'))).toEqual([
      'UID:healing-centered-2026-27@127.0.0.1',
    ]);
  });

  it('stops the earlier link when a new one is made, with the same 404 as a link that never was', async () => {
    const earlier = learnerToken;
    learnerToken = (await makeLink(learner)).token;
    expect(learnerToken).not.toBe(earlier);
    expect((await feedOf(learnerToken)).status).toBe(200);
    const replaced = await feedOf(earlier);
    const never = await feedOf('x'.repeat(43));
    const malformed = await feedOf('nope');
    expect([replaced.status, never.status, malformed.status]).toEqual([404, 404, 404]);
    const mainOf = async (response: Response) =>
      /<main[^>]*>([\s\S]*)<\/main>/.exec(await response.text())?.[1];
    const [a, b, c] = await Promise.all([mainOf(replaced), mainOf(never), mainOf(malformed)]);
    expect(a).toBe(b);
    expect(a).toBe(c);
    expect(a).toContain('Page not found');
  });

  it('never shows one person’s link to another, and serves each their own due dates', async () => {
    const theirPage = await newcomer.get('/calendar');
    expect(theirPage.html).toContain('Your calendar feed is off.');
    expect(theirPage.html).not.toContain(learnerToken);
    const made = await makeLink(newcomer);
    newcomerToken = made.token;
    expect(made.html).not.toContain(learnerToken);
    // Making theirs leaves the learner's working.
    expect((await feedOf(learnerToken)).status).toBe(200);
    const events = eventsIn(await (await feedOf(newcomerToken)).text());
    expect(events.map((event) => field(event, 'DTSTART'))).toEqual([
      'DTSTART;VALUE=DATE:20261210',
      'DTSTART;VALUE=DATE:20261210',
    ]);
    expect((await learner.get('/calendar')).html).not.toContain(made.token);
  });

  it('turns the feed off: its link answers 404 and the page says so', async () => {
    await learner.get('/calendar');
    const stopped = await learner.post('/calendar/feed/stop', []);
    expect(stopped).toMatchObject({ status: 303, location: '/calendar?done=stopped' });
    const page = await learner.follow(stopped);
    expect(page.html).toContain('Your calendar feed is off. Its link no longer works.');
    expect(page.html).toContain('Make my calendar link');
    expect((await feedOf(learnerToken)).status).toBe(404);
    // The newcomer's is theirs: untouched.
    expect((await feedOf(newcomerToken)).status).toBe(200);
  });

  it('stops serving the feed of a person who has left', async () => {
    expect((await feedOf(newcomerToken)).status).toBe(200);
    const imported = await admin.post(
      '/api/staff/import',
      rosterCsv([{ ...NEWCOMER, status: 'inactive' }]),
      'text/csv',
    );
    expect(imported.status).toBe(200);
    expect((await feedOf(newcomerToken)).status).toBe(404);
  });

  it('never writes a token to the server’s log', () => {
    expect(tokens).toHaveLength(4);
    const log = server.output();
    expect(log).toContain('Hearth is listening');
    for (const token of tokens) expect(log).not.toContain(token);
  });
});
