import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { PageClient } from '../support/browserless.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

/** A sign-in attempt over the API, claiming to come from `forwardedFor` (a header anyone can send). */
async function attempt(url: string, email: string, password: string, forwardedFor?: string): Promise<number> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ email, password }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function acceptWith(url: string, token: string, forwardedFor?: string): Promise<number> {
  const response = await fetch(`${url}/api/auth/accept-invitation`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ token, password: 'a-brand-new-password' }),
  });
  await response.arrayBuffer();
  return response.status;
}

const randomToken = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

describe('the sign-in throttle without a trusted proxy (the default)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await enrol(admin, [
      makeStaff({ employeeId: 'T1', email: 'target@district.test' }),
      makeStaff({ employeeId: 'T2', email: 'both@district.test' }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('ignores X-Forwarded-For: thirty guesses, each from a "new" address, are throttled after ten', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push(await attempt(server.url, 'target@district.test', `guess-${i}`, `203.0.113.${i}`));
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(20).fill(429));
    // Even the right password waits: the throttle answers before any password is checked.
    expect(await attempt(server.url, 'target@district.test', TEST_PASSWORD)).toBe(429);
  }, 60_000);

  it('counts the sign-in page and the API against one budget', async () => {
    const pages = new PageClient(server.url);
    await pages.get('/login');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await attempt(server.url, 'both@district.test', `api-${i}`));
    for (let i = 0; i < 5; i++) {
      const page = await pages.post('/login', [
        ['email', 'both@district.test'],
        ['password', `page-${i}`],
      ]);
      statuses.push(page.status);
    }
    expect(statuses).toEqual(Array(10).fill(401));
    const page = await pages.post('/login', [
      ['email', 'both@district.test'],
      ['password', TEST_PASSWORD],
    ]);
    expect([page.status, page.html.includes('Too many attempts')]).toEqual([429, true]);
    expect(await attempt(server.url, 'both@district.test', TEST_PASSWORD)).toBe(429);
  }, 60_000);

  it('refuses made-up invitation links from one address before hashing any password', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 55; i++)
      statuses.push(await acceptWith(server.url, randomToken(), `198.51.100.${i}`));
    // Earlier tests' failures came from this address too: the budget of 50 runs out within these.
    expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(50);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
  }, 60_000);
});

describe('the sign-in throttle behind a trusted proxy (TRUST_PROXY)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ TRUST_PROXY: '127.0.0.1' });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await enrol(admin, [makeStaff({ employeeId: 'T1', email: 'target@district.test' })]);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('throttles one account from any number of addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(await attempt(server.url, 'target@district.test', `guess-${i}`, `203.0.113.${i}`));
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429]);
  }, 60_000);

  it('throttles one address, for any account or link, and only that address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push(await acceptWith(server.url, randomToken(), '192.0.2.7'));
    expect(statuses).toEqual(Array(50).fill(400));
    // One budget for the address: links and passwords alike.
    expect(await acceptWith(server.url, randomToken(), '192.0.2.7')).toBe(429);
    expect(await attempt(server.url, 'nobody@district.test', 'guess', '192.0.2.7')).toBe(429);
    // A colleague behind another address is not held up.
    expect(await attempt(server.url, 'nobody@district.test', 'guess', '192.0.2.8')).toBe(401);
  }, 60_000);

  it('stops a bad TRUST_PROXY at start with one line naming it', async () => {
    await expect(startServer({ TRUST_PROXY: 'everyone' })).rejects.toThrow(
      /TRUST_PROXY must list the proxies’ addresses or ranges, e\.g\. 10\.0\.0\.5,10\.0\.0\.0\/8 or loopback/,
    );
    await expect(startServer({ TRUST_PROXY: '10.0.0.300' })).rejects.toThrow(
      'TRUST_PROXY: "10.0.0.300" is not an IP address or range',
    );
  }, 60_000);
});
