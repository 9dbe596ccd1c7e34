import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import { makeStaff, rosterCsv, type RosterFields } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { CLIENT, CookieJars, type IssuerPerson, TestIssuer } from '../support/oidc-provider.js';
import { ADMIN, freePort, startServer, type TestServer } from '../support/server.js';

const SESSION = 'hearth_session';

/** What a browser ends with after the callback: the answer, and the jars it carried. */
interface Ending {
  status: number;
  html: string;
  location: string | null;
  sessionSet: boolean;
  jars: CookieJars;
}

/**
 * A browser's single sign-on as `subject`: Hearth's start page, the issuer (login and consent), and
 * back; `tamper` may change the callback URL, `beforeIssuer` runs once Hearth has recorded the flow.
 */
async function signIn(
  hearth: TestServer,
  issuer: TestIssuer,
  subject: string,
  options: {
    next?: string;
    tamper?: (url: URL) => void;
    beforeIssuer?: (state: string) => Promise<void>;
  } = {},
): Promise<Ending & { callback: URL }> {
  issuer.signInAs = subject;
  const jars = new CookieJars();
  let url = new URL(`/auth/oidc/start?next=${encodeURIComponent(options.next ?? '/')}`, hearth.url);
  let response = await jars.get(url);
  expect(response.status).toBe(303);
  url = new URL(response.headers.get('location') ?? '', url);
  expect(url.origin).toBe(issuer.url);
  await options.beforeIssuer?.(url.searchParams.get('state') ?? '');
  while (url.origin === issuer.url) {
    response = await jars.get(url);
    await response.arrayBuffer();
    const location = response.headers.get('location');
    if (!location) throw new Error(`The issuer answered ${response.status} at ${url.pathname}`);
    url = new URL(location, url);
  }
  expect(url.pathname).toBe('/auth/oidc/callback');
  options.tamper?.(url);
  return { ...(await callback(jars, url)), callback: url };
}

async function callback(jars: CookieJars, url: URL): Promise<Ending> {
  const response = await jars.get(url);
  return {
    status: response.status,
    html: await response.text(),
    location: response.headers.get('location'),
    sessionSet: response.headers.getSetCookie().some((c) => c.startsWith(`${SESSION}=`)),
    jars,
  };
}

/** The signed-in home page answers (not a redirect to sign in), showing whose session it is. */
async function homePage(hearth: TestServer, jars: CookieJars): Promise<{ status: number; html: string }> {
  const response = await jars.get(new URL('/', hearth.url));
  return { status: response.status, html: await response.text() };
}

function expectRefused(ending: Ending, reason: string): void {
  expect([ending.status, ending.sessionSet]).toEqual([403, false]);
  expect(ending.html).toContain('<h1>You cannot sign in to Hearth this way</h1>');
  expect(ending.html).toContain('ask HR or the district office');
  expect(ending.html).toContain(reason);
}

const hashOf = (state: string) => createHash('sha256').update(state).digest('hex');

describe('single sign-on with a real OpenID provider', () => {
  let issuer: TestIssuer;
  let hearth: TestServer;
  let database: Database;
  let admin: Api;

  const importRoster = async (people: RosterFields[]) => {
    const response = await admin.post('/api/staff/import', rosterCsv(people), 'text/csv');
    expect(response.status).toBeLessThan(300);
  };
  const accountCount = async () =>
    (await database.row<{ n: number }>(sql`SELECT COUNT(*) AS n FROM accounts`))?.n ?? 0;
  const person = (subject: string, claims: IssuerPerson) => issuer.people.set(subject, claims);

  beforeAll(async () => {
    issuer = await TestIssuer.listen();
    hearth = await startServer({
      OIDC_ISSUER: issuer.url,
      OIDC_CLIENT_ID: CLIENT.id,
      OIDC_CLIENT_SECRET: CLIENT.secret,
      OIDC_LABEL: 'Test District',
      OIDC_ALLOWED_DOMAINS: 'district.test',
    });
    issuer.trust(hearth.url);
    database = await Database.open(hearth.db.target, { migrate: false });
    admin = await new Api(hearth.url).login(ADMIN.email, ADMIN.password);
    await importRoster([
      makeStaff({ employeeId: 'S1', email: 'teacher@district.test' }),
      makeStaff({ employeeId: 'S2', email: 'gone@district.test', status: 'inactive' }),
      makeStaff({ employeeId: 'S3', email: 'mover@district.test' }),
      makeStaff({ employeeId: 'S4', email: 'skewed@district.test' }),
      makeStaff({ employeeId: 'S5', email: 'leaver@district.test' }),
      makeStaff({ employeeId: 'S6', email: 'hr-lead@district.test' }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await database?.close();
    await hearth?.stop();
    await issuer?.stop();
  });

  it('shows the button on the sign-in page, above the password form', async () => {
    const html = await (await fetch(`${hearth.url}/login?next=/certificates`)).text();
    const button = html.indexOf('<a class="button" href="/auth/oidc/start?next=%2Fcertificates">');
    expect(button).toBeGreaterThan(-1);
    expect(html).toContain('Sign in with Test District');
    expect(button).toBeLessThan(html.indexOf('<form method="post" action="/login"'));
  });

  it('signs in a person on the roster with the session cookie, links them, and goes where they wanted', async () => {
    person('sub-teacher', { email: 'Teacher@district.test', email_verified: true, hd: 'district.test' });
    const ending = await signIn(hearth, issuer, 'sub-teacher', { next: '/certificates' });
    expect([ending.status, ending.location, ending.sessionSet]).toEqual([303, '/certificates', true]);
    const home = await homePage(hearth, ending.jars);
    expect(home.status).toBe(200);
    expect(home.html).toContain('teacher@district.test');
    const link = await database.row<{ subject: string; email: string }>(
      sql`SELECT i.subject, a.email FROM account_identities i JOIN accounts a ON a.id = i.account_id`,
    );
    expect(link).toEqual({ subject: 'sub-teacher', email: 'teacher@district.test' });
    const audit = await admin.get<{ action: string; target: string }[]>('/api/audit?action=sso.link');
    expect(audit.body.map((e) => [e.action, e.target])).toEqual([['sso.link', 'teacher@district.test']]);
    // Nothing of the code or tokens reaches the log.
    expect(hearth.output()).not.toContain(ending.callback.searchParams.get('code'));
  }, 30_000);

  it('lands a person who asked for no page on their role’s home, the first time and once linked', async () => {
    expect((await admin.put('/api/staff/S6/roles', { roles: ['hr'] })).status).toBe(200);
    person('sub-hr-lead', { email: 'hr-lead@district.test', email_verified: true });
    const first = await signIn(hearth, issuer, 'sub-hr-lead');
    expect([first.status, first.location, first.sessionSet]).toEqual([303, '/hr', true]);
    const again = await signIn(hearth, issuer, 'sub-hr-lead');
    expect([again.status, again.location]).toEqual([303, '/hr']);
  }, 30_000);

  it('refuses an e-mail that is not on the roster, and creates no account', async () => {
    const before = await accountCount();
    person('sub-stranger', { email: 'stranger@district.test', email_verified: true });
    expectRefused(await signIn(hearth, issuer, 'sub-stranger'), 'does not belong to a current staff member');
    expect(await accountCount()).toBe(before);
    expect(hearth.output()).toMatch(/WARN.*Single sign-on refused: Your e-mail address does not belong/);
  }, 30_000);

  it('refuses a person who has left the district', async () => {
    person('sub-gone', { email: 'gone@district.test', email_verified: true });
    expectRefused(await signIn(hearth, issuer, 'sub-gone'), 'does not belong to a current staff member');
  }, 30_000);

  it('refuses a linked person once the roster says they have left', async () => {
    person('sub-leaver', { email: 'leaver@district.test', email_verified: true });
    expect((await signIn(hearth, issuer, 'sub-leaver')).status).toBe(303);
    await importRoster([makeStaff({ employeeId: 'S5', email: 'leaver@district.test', status: 'inactive' })]);
    expectRefused(await signIn(hearth, issuer, 'sub-leaver'), 'no longer work for the district');
  }, 30_000);

  it('refuses an e-mail the issuer has not verified, and accepts Entra’s xms_edov instead', async () => {
    person('sub-unverified', { email: 'mover@district.test', email_verified: false });
    expectRefused(await signIn(hearth, issuer, 'sub-unverified'), 'has not verified your e-mail address');
    person('sub-unverified', { email: 'mover@district.test', xms_edov: true });
    const ending = await signIn(hearth, issuer, 'sub-unverified');
    expect([ending.status, ending.sessionSet]).toEqual([303, true]);
    await database.run(sql`DELETE FROM account_identities WHERE subject = 'sub-unverified'`);
  }, 30_000);

  it('refuses an e-mail domain, or a Google Workspace, that is not allowed', async () => {
    person('sub-elsewhere', { email: 'teacher@elsewhere.test', email_verified: true });
    expectRefused(await signIn(hearth, issuer, 'sub-elsewhere'), 'at elsewhere.test may not sign in');
    person('sub-hd', { email: 'mover@district.test', email_verified: true, hd: 'elsewhere.test' });
    expectRefused(await signIn(hearth, issuer, 'sub-hd'), 'Accounts of this Google Workspace may not');
  }, 30_000);

  it('refuses a callback whose state was changed', async () => {
    person('sub-teacher', { email: 'teacher@district.test', email_verified: true });
    const ending = await signIn(hearth, issuer, 'sub-teacher', {
      tamper: (url) => url.searchParams.set('state', 'forged-state'),
    });
    expectRefused(ending, 'was not started in this browser');
  }, 30_000);

  it('refuses a replayed callback', async () => {
    person('sub-teacher', { email: 'teacher@district.test', email_verified: true });
    const first = await signIn(hearth, issuer, 'sub-teacher');
    expect(first.status).toBe(303);
    // The same browser (its state cookie put back) sends the same code and state again.
    const state = first.callback.searchParams.get('state') ?? '';
    const replay = new CookieJars();
    const response = await fetch(first.callback, {
      headers: { cookie: `hearth_sso_state=${state}` },
      redirect: 'manual',
    });
    replay.remember(first.callback, response);
    expectRefused(
      {
        status: response.status,
        html: await response.text(),
        location: null,
        sessionSet: response.headers.getSetCookie().some((c) => c.startsWith(`${SESSION}=`)),
        jars: replay,
      },
      'has expired or was already used',
    );
  }, 30_000);

  it('refuses an ID token whose nonce is not the one Hearth sent', async () => {
    person('sub-teacher', { email: 'teacher@district.test', email_verified: true });
    const ending = await signIn(hearth, issuer, 'sub-teacher', {
      beforeIssuer: async (state) => {
        const changed = await database.run(
          sql`UPDATE sign_in_flows SET nonce = ${'another-nonce'} WHERE state_hash = ${hashOf(state)}`,
        );
        expect(changed).toBe(1);
      },
    });
    expectRefused(ending, 'unexpected ID Token &quot;nonce&quot; claim value');
  }, 30_000);

  it('refuses an expired ID token (an issuer whose clock runs two hours behind)', async () => {
    person('sub-skewed', { email: 'skewed@district.test', email_verified: true });
    // The issuer runs in this process: its clock alone is set back, Hearth's stays right.
    const realNow = Date.now;
    Date.now = () => realNow() - 2 * 3_600_000;
    let ending: Ending;
    try {
      ending = await signIn(hearth, issuer, 'sub-skewed');
    } finally {
      Date.now = realNow;
    }
    expectRefused(ending, 'did not confirm who you are');
    expect(ending.html).toContain('expiration is past current timestamp');
  }, 30_000);

  it('keeps the link when the roster changes the e-mail: the same account signs in', async () => {
    person('sub-mover', { email: 'mover@district.test', email_verified: true });
    expect((await signIn(hearth, issuer, 'sub-mover')).status).toBe(303);
    const accountId = async () =>
      (
        await database.row<{ accountId: number }>(
          sql`SELECT account_id FROM account_identities WHERE subject = 'sub-mover'`,
        )
      )?.accountId;
    const linked = await accountId();
    await importRoster([makeStaff({ employeeId: 'S3', email: 'renamed@district.test' })]);
    const ending = await signIn(hearth, issuer, 'sub-mover');
    expect([ending.status, ending.sessionSet]).toEqual([303, true]);
    const home = await homePage(hearth, ending.jars);
    expect(home.html).toContain('renamed@district.test');
    expect(await accountId()).toBe(linked);
  }, 30_000);
});

describe('password sign-in for administrators only (HEARTH_PASSWORD_SIGNIN=false)', () => {
  let hearth: TestServer;

  beforeAll(async () => {
    // An issuer nobody answers at: the password paths must not need it, and SSO says it is unavailable.
    hearth = await startServer({
      OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`,
      OIDC_CLIENT_ID: CLIENT.id,
      OIDC_CLIENT_SECRET: CLIENT.secret,
      HEARTH_PASSWORD_SIGNIN: 'false',
    });
    const admin = await new Api(hearth.url).login(ADMIN.email, ADMIN.password);
    await admin.post(
      '/api/staff/import',
      rosterCsv([makeStaff({ email: 'staff@district.test' })]),
      'text/csv',
    );
  }, 60_000);

  afterAll(async () => {
    await hearth?.stop();
  });

  it('shows only the button, with a link to the password form for administrators', async () => {
    const html = await (await fetch(`${hearth.url}/login`)).text();
    expect(html).toContain('Sign in with your district account');
    expect(html).not.toContain('<form method="post" action="/login"');
    expect(html).toContain(
      '<a href="/login?password=1&amp;next=%2F">Administrator? Sign in with a password</a>',
    );
    const form = await (await fetch(`${hearth.url}/login?password=1`)).text();
    expect(form).toContain('<form method="post" action="/login"');
  });

  it('refuses the password form to a non-admin and accepts the bootstrap admin', async () => {
    const pages = new PageClient(hearth.url);
    await pages.get('/login?password=1');
    const refused = await pages.post('/login', [
      ['email', 'staff@district.test'],
      ['password', 'any-password-at-all'],
    ]);
    expect(refused.status).toBe(403);
    expect(pages.cookie(SESSION)).toBeUndefined();
    await pages.get('/login?password=1');
    const accepted = await pages.post('/login', [
      ['email', ADMIN.email],
      ['password', ADMIN.password],
    ]);
    // The admin lands on their own home, People.
    expect([accepted.status, accepted.location]).toEqual([303, '/admin/people']);
    expect(pages.cookie(SESSION)).toBeDefined();
  }, 30_000);

  it('answers a clear 503 page when the issuer cannot be reached', async () => {
    const response = await fetch(`${hearth.url}/auth/oidc/start`, { redirect: 'manual' });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('Single sign-on is not available right now');
  });
});

describe('without single sign-on', () => {
  let hearth: TestServer;

  beforeAll(async () => {
    hearth = await startServer();
  }, 60_000);

  afterAll(async () => {
    await hearth?.stop();
  });

  it('shows no button and answers 404 at the start route', async () => {
    const html = await (await fetch(`${hearth.url}/login`)).text();
    expect(html).not.toContain('/auth/oidc/start');
    expect(html).toContain('<form method="post" action="/login"');
    expect((await fetch(`${hearth.url}/auth/oidc/start`, { redirect: 'manual' })).status).toBe(404);
  });
});
