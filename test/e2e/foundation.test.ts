import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff, makeStaffList, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { childEnv } from '../support/child-env.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { built } from '../support/dist.js';

describe('Hearth over HTTP', () => {
  let server: TestServer;
  let anonymous: Api;
  let admin: Api;
  let hr: Api;
  let learner: Api;
  const tokens: string[] = [];
  const passwords = [ADMIN.password, 'learner-password-123', 'hr-password-12345'];

  beforeAll(async () => {
    server = await startServer();
    anonymous = new Api(server.url);
    admin = await anonymous.login(ADMIN.email, ADMIN.password);
    const roster = [
      makeStaff({ employeeId: 'L1', email: 'learner@district.test', firstName: 'Lee' }),
      makeStaff({ employeeId: 'H1', email: 'hr@district.test', jobRole: 'administrator' }),
      makeStaff({ employeeId: 'N1', email: 'newcomer@district.test' }),
    ];
    const ok = (response: { status: number; body: unknown }, what: string) => {
      if (response.status >= 300)
        throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    };
    ok(await admin.post('/api/staff/import', rosterCsv(roster), 'text/csv'), 'import');
    ok(await admin.put('/api/staff/H1/roles', { roles: ['hr'] }), 'roles');
    for (const [employeeId, password] of [
      ['L1', passwords[1]],
      ['H1', passwords[2]],
    ]) {
      const invitation = await admin.post<{ token: string }>('/api/auth/invitations', { employeeId });
      tokens.push(invitation.body.token);
      ok(
        await anonymous.post('/api/auth/accept-invitation', { token: invitation.body.token, password }),
        'accept',
      );
    }
    learner = await anonymous.login('learner@district.test', passwords[1]);
    hr = await anonymous.login('hr@district.test', passwords[2]);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  describe('health and docs', () => {
    it('answers /api/health without signing in', async () => {
      expect(await anonymous.get('/api/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    });

    it('serves the OpenAPI document with every contract route of this slice', async () => {
      const { status, body } = await anonymous.get<{ paths: Record<string, unknown> }>('/api/docs-json');
      expect(status).toBe(200);
      for (const path of [
        '/api/auth/login',
        '/api/auth/invitations',
        '/api/auth/accept-invitation',
        '/api/me',
        '/api/staff',
        '/api/staff/import',
        '/api/staff/{employeeId}/roles',
        '/api/audit',
        '/api/health',
      ]) {
        expect(Object.keys(body.paths)).toContain(path);
      }
      expect((await anonymous.get('/api/docs')).status).toBe(200);
    });
  });

  describe('sign-in', () => {
    it('returns a bearer token and sets an HttpOnly, SameSite session cookie', async () => {
      const response = await anonymous.post('/api/auth/login', {
        email: 'LEARNER@district.test',
        password: passwords[1],
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        user: { id: expect.any(Number), email: 'learner@district.test', roles: ['learner'] },
      });
      const cookie = response.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/hearth_session=/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).not.toMatch(/Secure/i);
    });

    it('refuses a wrong password and an unknown email alike with 401', async () => {
      const wrong = await anonymous.post('/api/auth/login', {
        email: 'learner@district.test',
        password: 'nope-nope-nope',
      });
      const unknown = await anonymous.post('/api/auth/login', {
        email: 'nobody@district.test',
        password: 'nope-nope-nope',
      });
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(wrong.body).toEqual(unknown.body);
    });

    it('names the field in a validation error and rejects unknown fields', async () => {
      const bad = await anonymous.post<{ message: string[] }>('/api/auth/login', {
        email: 'not-an-email',
        password: 'x',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('email must be an email address');
      const extra = await anonymous.post<{ message: string[] }>('/api/auth/login', {
        email: 'a@b.org',
        password: 'x',
        admin: true,
      });
      expect(extra.status).toBe(400);
      expect(extra.body.message).toContain('property admin should not exist');
    });

    it('throttles repeated attempts for one email with 429', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push(
          (await anonymous.post('/api/auth/login', { email: 'target@district.test', password: `guess-${i}` }))
            .status,
        );
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      // Another person signing in from the same address is not locked out.
      expect(
        (await anonymous.post('/api/auth/login', { email: 'learner@district.test', password: passwords[1] }))
          .status,
      ).toBe(200);
    }, 60_000); // 13 sign-ins, each an argon2 verification: seconds on a loaded 2-core machine

    it('ends a session on sign-out', async () => {
      const session = await anonymous.login('learner@district.test', passwords[1]);
      expect((await session.get('/api/me')).status).toBe(200);
      expect((await session.post('/api/auth/logout')).status).toBe(204);
      expect((await session.get('/api/me')).status).toBe(401);
    });

    it('does not accept the session cookie on the API (bearer only)', async () => {
      const login = await anonymous.post('/api/auth/login', {
        email: 'learner@district.test',
        password: passwords[1],
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      const response = await fetch(`${server.url}/api/me`, { headers: { cookie } });
      expect(response.status).toBe(401);
    });
  });

  describe('invitations', () => {
    it('are single-use', async () => {
      const again = await anonymous.post<{ message: string }>('/api/auth/accept-invitation', {
        token: tokens[0],
        password: 'another-password-1',
      });
      expect(again.status).toBe(400);
      expect(again.body.message).toContain('not valid');
    });

    it('refuse a short password, naming the field, and keep the token usable; setting a password ends old sessions', async () => {
      const invitation = await hr.post<{ token: string; url: string }>('/api/auth/invitations', {
        employeeId: 'N1',
      });
      expect(invitation.status).toBe(201);
      expect(invitation.body.url).toBe(`${server.url}/invitations/accept?token=${invitation.body.token}`);
      const short = await anonymous.post<{ message: string[] }>('/api/auth/accept-invitation', {
        token: invitation.body.token,
        password: 'short',
      });
      expect(short.status).toBe(400);
      expect(short.body.message).toContain('password must be at least 12 characters long');
      const before = await anonymous
        .login('newcomer@district.test', 'a-good-long-password')
        .catch(() => undefined);
      expect(before).toBeUndefined();
      expect(
        (
          await anonymous.post('/api/auth/accept-invitation', {
            token: invitation.body.token,
            password: 'a-good-long-password',
          })
        ).status,
      ).toBe(200);
      const newcomer = await anonymous.login('newcomer@district.test', 'a-good-long-password');
      expect((await newcomer.get('/api/me')).status).toBe(200);
    });

    it('404 for an unknown employee', async () => {
      expect((await hr.post('/api/auth/invitations', { employeeId: 'NOPE' })).status).toBe(404);
    });
  });

  describe('me', () => {
    it('returns the account, roles and staff record', async () => {
      const { status, body } = await learner.get<unknown>('/api/me');
      expect(status).toBe(200);
      expect(body).toMatchObject({
        email: 'learner@district.test',
        roles: ['learner'],
        staff: { employeeId: 'L1', firstName: 'Lee', jobRole: 'teacher', status: 'active' },
      });
    });

    it('has no staff record for the bootstrap admin', async () => {
      expect((await admin.get('/api/me')).body).toMatchObject({
        email: ADMIN.email,
        roles: ['learner', 'admin'],
        staff: null,
      });
    });
  });

  describe('access by role', () => {
    const routes: {
      method: 'GET' | 'POST' | 'PUT';
      path: string;
      body?: unknown;
      allowed: ('learner' | 'hr' | 'admin')[];
    }[] = [
      { method: 'GET', path: '/api/me', allowed: ['learner', 'hr', 'admin'] },
      { method: 'GET', path: '/api/staff', allowed: ['hr', 'admin'] },
      { method: 'POST', path: '/api/staff/import?dryRun=true', body: 'x', allowed: ['hr', 'admin'] },
      { method: 'POST', path: '/api/auth/invitations', body: { employeeId: 'L1' }, allowed: ['hr', 'admin'] },
      { method: 'PUT', path: '/api/staff/L1/roles', body: { roles: [] }, allowed: ['admin'] },
      { method: 'GET', path: '/api/audit', allowed: ['admin'] },
    ];
    for (const route of routes) {
      it(`${route.method} ${route.path}: 401 signed out, 403 for the wrong role`, async () => {
        const call = (api: Api) =>
          route.method === 'GET'
            ? api.get(route.path)
            : api.request(
                route.method,
                route.path,
                route.body,
                typeof route.body === 'string' ? 'text/csv' : 'application/json',
              );
        const seen: Record<string, number | 'allowed'> = { anonymous: (await call(anonymous)).status };
        const expected: Record<string, number | 'allowed'> = { anonymous: 401 };
        for (const [role, api] of [
          ['learner', learner],
          ['hr', hr],
          ['admin', admin],
        ] as const) {
          const status = (await call(api)).status;
          seen[role] = [200, 201, 422].includes(status) ? 'allowed' : status;
          expected[role] = route.allowed.includes(role) ? 'allowed' : 403;
        }
        expect(seen).toEqual(expected);
      });
    }
  });

  describe('roster import', () => {
    it('refuses a file with one bad row among many with that line, and writes nothing', async () => {
      const before = (await hr.get<{ total: number }>('/api/staff')).body.total;
      const rows = makeStaffList(10_000);
      rows[6543] = { ...rows[6543], email: 'broken-address' };
      const response = await hr.post<{ errors: unknown[] }>('/api/staff/import', rosterCsv(rows), 'text/csv');
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([
        { line: 6545, column: 'email', message: '"broken-address" is not an email address' },
      ]);
      expect((await hr.get<{ total: number }>('/api/staff')).body.total).toBe(before);
    });

    it('imports 10,000 rows over HTTP in one request', async () => {
      const rows = makeStaffList(10_000, (i) => ({ siteCode: `SITE${i % 40}` }));
      const started = performance.now();
      const response = await hr.post('/api/staff/import', rosterCsv(rows), 'text/csv');
      const seconds = (performance.now() - started) / 1000;
      expect(response).toMatchObject({
        status: 200,
        body: { created: 10_000, updated: 0, unchanged: 0, deactivated: 0 },
      });
      // A figure for the issue note; the goal itself is checked by `npm run bench`, not here.
      process.stdout.write(`10,000-row import over HTTP: ${seconds.toFixed(2)} s\n`);
      const page = await hr.get<{ total: number; items: unknown[] }>('/api/staff?site=SITE3&pageSize=200');
      expect(page.body.total).toBe(250);
      expect(page.body.items).toHaveLength(200);
    }, 60_000);

    it('reports counts without writing on a dry run, and lists unknown columns as warnings', async () => {
      const csv = rosterCsv([makeStaff({ employeeId: 'DRY1' })])
        .replace('status\n', 'status,badge\n')
        .replace(/active\n$/, 'active,7\n');
      const response = await hr.post('/api/staff/import?dryRun=true', csv, 'text/csv');
      expect(response.body).toEqual({
        created: 1,
        updated: 0,
        unchanged: 0,
        deactivated: 0,
        dryRun: true,
        warnings: ['ignored unknown column: badge'],
      });
      expect((await hr.get<{ total: number }>('/api/staff?q=dry1')).body.total).toBe(0);
    });

    it('refuses bytes that are not UTF-8 and a body that is not CSV', async () => {
      const latin1 = Buffer.concat([
        Buffer.from(rosterCsv([makeStaff()]).slice(0, 60)),
        Buffer.from([0xe9, 0x0a]),
      ]);
      const bad = await hr.post<{ errors: { message: string }[] }>('/api/staff/import', latin1, 'text/csv');
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].message).toContain('not UTF-8');
      const json = await hr.post<{ errors: { message: string }[] }>('/api/staff/import', { rows: [] });
      expect(json.status).toBe(422);
      expect(json.body.errors[0].message).toContain('Content-Type: text/csv');
    });

    it('filters and pages the staff list, refusing bad paging', async () => {
      const list = await hr.get<{ items: { employeeId: string }[]; total: number }>(
        '/api/staff?q=lee&role=teacher',
      );
      expect(list.body.items.map((s) => s.employeeId)).toEqual(['L1']);
      const bad = await hr.get<{ message: string[] }>('/api/staff?pageSize=100000');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('pageSize must not be greater than 200');
    });
  });

  describe('roles and audit', () => {
    it('lets an admin replace roles, always keeping learner, and records it', async () => {
      const response = await admin.put('/api/staff/L1/roles', { roles: ['trainer'] });
      expect(response.body).toEqual({ employeeId: 'L1', roles: ['learner', 'trainer'] });
      const bad = await admin.put<{ message: string[] }>('/api/staff/L1/roles', { roles: ['superuser'] });
      expect(bad.status).toBe(400);
      expect(bad.body.message[0]).toContain('each of roles must be one of');
      const audit = await admin.get<{ action: string; actor: string; target: string }[]>(
        '/api/audit?action=account.roles',
      );
      expect(audit.body[0]).toMatchObject({
        action: 'account.roles',
        actor: ADMIN.email,
        target: 'employee L1',
      });
    });

    it('holds imports and invitations', async () => {
      const actions = (await admin.get<{ action: string }[]>('/api/audit')).body.map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'staff.import',
          'invitation.create',
          'invitation.accept',
          'account.bootstrap-admin',
        ]),
      );
    });
  });

  describe('pages', () => {
    it('redirects a signed-out visitor to the sign-in page', async () => {
      const response = await fetch(`${server.url}/hr/import`, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/login?next=%2Fhr%2Fimport');
    });

    it('says at once when an invitation link is not valid', async () => {
      const response = await fetch(`${server.url}/invitations/accept?token=${'x'.repeat(43)}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('This invitation link does not work');
    });

    it('keeps the signed-in layout on a page that does not exist', async () => {
      const login = await anonymous.post('/api/auth/login', {
        email: 'hr@district.test',
        password: passwords[2],
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      const response = await fetch(`${server.url}/no-such-page`, { headers: { cookie } });
      expect(response.status).toBe(404);
      const html = await response.text();
      expect(html).toContain('Page not found');
      expect(html).toContain('Sign out');
      expect(html).toContain('href="/hr/import"');
    });

    it('refuses a form posted without its CSRF token', async () => {
      const response = await fetch(`${server.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `email=${encodeURIComponent(ADMIN.email)}&password=${encodeURIComponent(ADMIN.password)}`,
        redirect: 'manual',
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('set-cookie') ?? '').not.toContain('hearth_session');
    });
  });

  it('never writes passwords or tokens to its log', () => {
    const log = server.output();
    expect(log).toContain('Hearth is listening');
    for (const secret of [...passwords, ...tokens]) expect(log).not.toContain(secret);
  });
});

describe('configuration', () => {
  it('stops the start with one line naming a bad variable', () => {
    const result = spawnSync(process.execPath, [built('src/main.js')], {
      env: childEnv({ PORT: 'eighty', HEARTH_DEMO: 'false' }),
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('Invalid configuration: PORT must be a whole number');
  });
});
