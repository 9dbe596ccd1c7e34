import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase } from '../../src/database/data-source.js';
import { hashToken, newToken } from '../../src/identity/secrets.js';
import { Session } from '../../src/identity/session.entity.js';
import { Api } from '../support/api.js';
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

  it('ends a session when it expires', async () => {
    // A session that expires in 1.5 s, stored the way sign-in stores one (only the token's hash).
    const token = newToken();
    const expiresAt = new Date(Date.now() + 1500);
    const dataSource = await openDatabase({ database: server.db.target });
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
    const session = new Api(server.url, token);
    expect((await session.get('/api/me')).status).toBe(200);
    await new Promise((done) => setTimeout(done, expiresAt.getTime() - Date.now() + 50));
    expect((await session.get('/api/me')).status).toBe(401);
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
