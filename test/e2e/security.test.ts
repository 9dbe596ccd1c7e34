import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDataSource } from '../support/test-database.js';
import { SESSION_COOKIE } from '../../src/identity/access.guard.js';
import { hashToken, newToken } from '../../src/identity/secrets.js';
import { Session } from '../../src/identity/session.entity.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const STRICT_CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';" +
  "connect-src 'self';form-action 'self';frame-ancestors 'none';object-src 'none';base-uri 'self'";

describe('security headers, cookies and session lifetime', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('sends a strict Content Security Policy and the other security headers on pages and the API', async () => {
    for (const path of ['/login', '/api/health', '/verify/NOPE']) {
      const response = await fetch(`${server.url}${path}`);
      expect([path, response.headers.get('content-security-policy')]).toEqual([path, STRICT_CSP]);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      // Served over http: no HSTS, no upgrade.
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    // API answers hold personal data: no cache may keep them, whoever asks.
    const me = await (await new Api(server.url).login(ADMIN.email, ADMIN.password)).get('/api/me');
    expect([me.status, me.headers.get('cache-control')]).toEqual([200, 'no-store']);
    expect((await fetch(`${server.url}/api/health`)).headers.get('cache-control')).toBe('no-store');
    // Only the third-party API documentation may use inline styles.
    const docs = await fetch(`${server.url}/api/docs`);
    expect(docs.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
  });

  /** An admin session that expires in 1.5 s, stored the way sign-in stores one (only the token's hash). */
  async function shortSession(): Promise<{ token: string; expired: () => Promise<void> }> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + 1500);
    const dataSource = await openDataSource(server.db.target);
    try {
      const [admin] = await dataSource.query<{ id: number }[]>('SELECT id FROM accounts');
      await dataSource.getRepository(Session).insert({
        accountId: Number(admin.id),
        tokenHash: hashToken(token),
        createdAt: new Date(),
        expiresAt,
      });
    } finally {
      await dataSource.destroy();
    }
    const expired = () =>
      new Promise<void>((done) => setTimeout(done, expiresAt.getTime() - Date.now() + 50));
    return { token, expired };
  }

  it('ends a session when it expires', async () => {
    const { token, expired } = await shortSession();
    const session = new Api(server.url, token);
    expect((await session.get('/api/me')).status).toBe(200);
    await expired();
    expect((await session.get('/api/me')).status).toBe(401);
  });

  it('sends a form posted after the session ended back to its page, saying it was not saved', async () => {
    const { token, expired } = await shortSession();
    const pages = new PageClient(server.url);
    pages.setCookie(SESSION_COOKIE, token);
    expect((await pages.get('/hr/staff')).status).toBe(200);
    await expired();
    const posted = await pages.post(
      '/hr/staff/E1/exemptions',
      [
        ['course', 'carma@2026-27'],
        ['reason', 'On the crisis team'],
      ],
      '/hr/staff/E1?done=lifted',
    );
    expect(posted).toMatchObject({
      status: 303,
      location: '/login?next=%2Fhr%2Fstaff%2FE1%3Fdone%3Dlifted&ended=unsaved',
    });
    const login = await pages.follow(posted);
    expect(login.html).toContain('Your session ended, so what you just sent was not saved.');
    expect(login.html).toContain('name="next" value="/hr/staff/E1?done&#x3D;lifted"'); // = escaped
    const empty = await pages.post('/login', [
      ['email', ''],
      ['password', ''],
    ]);
    expect([empty.status, empty.html.includes('Enter your work email and your password.')]).toEqual([
      400,
      true,
    ]);
    // A page asked for after the session ended comes back to itself.
    expect(await pages.get('/hr/staff?q=ana')).toMatchObject({
      status: 303,
      location: '/login?next=%2Fhr%2Fstaff%3Fq%3Dana&ended=yes',
    });
  });
});

describe('served over https (PUBLIC_URL https://…)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ PUBLIC_URL: 'https://hearth.district.test' });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('marks the session cookie Secure, and sends HSTS and upgrade-insecure-requests', async () => {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/hearth_session=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});

describe('the API is told apart from the pages by the decoded path', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('treats /%61pi/… as the API: the session cookie alone is refused, and nothing is cached', async () => {
    const pages = new PageClient(server.url);
    await pages.get('/login');
    const signedIn = await pages.post('/login', [
      ['email', ADMIN.email],
      ['password', ADMIN.password],
    ]);
    expect(signedIn.status).toBe(303);
    const cookie = `${SESSION_COOKIE}=${pages.cookie(SESSION_COOKIE) ?? ''}`;
    for (const path of ['/%61pi/staff', '/%61%70%69/staff', '/api/staff']) {
      const response = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
      expect([path, response.status, response.headers.get('cache-control')]).toEqual([path, 401, 'no-store']);
    }
    const api = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    const bearer = await fetch(`${server.url}/%61pi/staff`, { headers: api.authHeaders() });
    expect([bearer.status, bearer.headers.get('cache-control')]).toEqual([200, 'no-store']);
  });
});

describe('slow clients are cut off (HEARTH_REQUEST_TIMEOUT)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ HEARTH_REQUEST_TIMEOUT: '2' });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  /**
   * Sends `head` at once, then one byte of `dribble` every 200 ms, and resolves when the server answers
   * or closes the connection: with how long that took and what it answered.
   */
  function dribble(head: string, dribble: string): Promise<{ ms: number; answer: string }> {
    const { hostname, port } = new URL(server.url);
    const started = performance.now();
    return new Promise((done) => {
      const socket = connect(Number(port), hostname);
      let answer = '';
      let sent = 0;
      const timer = setInterval(() => {
        if (sent < dribble.length) socket.write(dribble[sent++]);
      }, 200);
      // Long past any timeout: the test fails rather than waits.
      const cap = setTimeout(() => end(), 8_000);
      const end = () => {
        clearInterval(timer);
        clearTimeout(cap);
        socket.destroy();
        done({ ms: performance.now() - started, answer });
      };
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      socket.on('error', end);
      socket.on('close', end);
      socket.write(head);
    });
  }

  it('cuts off a body that trickles in, within the request timeout', async () => {
    const head =
      `POST /api/auth/login HTTP/1.1\r\nhost: ${new URL(server.url).host}\r\n` +
      'content-type: application/json\r\ncontent-length: 1000\r\n\r\n';
    const { ms, answer } = await dribble(head, ' '.repeat(1000));
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    expect(ms).toBeGreaterThan(1_500);
    expect(ms).toBeLessThan(4_500);
  }, 15_000);

  it('cuts off headers that trickle in, within the headers timeout', async () => {
    const { ms, answer } = await dribble(
      'GET /api/health HTTP/1.1\r\n',
      `host: ${new URL(server.url).host}\r\n${'x-slow: 1\r\n'.repeat(100)}`,
    );
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    expect(ms).toBeLessThan(4_500);
  }, 15_000);

  it('still answers a client that sends at an ordinary pace', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
