import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { enrol, TEST_PASSWORD } from '../support/people.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

async function attempt(url: string, email: string, password: string): Promise<number> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Two server instances on one database (PostgreSQL in its lane), as a district runs several. */
describe('two instances on one database', () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startServer({}, { db });
    b = await startServer({}, { db });
    const admin = await new Api(a.url).login(ADMIN.email, ADMIN.password);
    await enrol(admin, [
      makeStaff({ employeeId: 'M1', email: 'mira@district.test' }),
      makeStaff({ employeeId: 'M2', email: 'target@district.test' }),
    ]);
  }, 90_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.drop();
  });

  it('refuses a token on B at once when it signs out on A', async () => {
    const onA = await new Api(a.url).login('mira@district.test', TEST_PASSWORD);
    const onB = new Api(b.url).as(onA.authHeaders().authorization.slice('Bearer '.length));
    expect((await onB.get('/api/me')).status).toBe(200);
    expect((await onA.post('/api/auth/logout')).status).toBe(204);
    expect((await onB.get('/api/me')).status).toBe(401);
  });

  it('gives B a role change made on A at once', async () => {
    const admin = await new Api(a.url).login(ADMIN.email, ADMIN.password);
    const mira = await new Api(b.url).login('mira@district.test', TEST_PASSWORD);
    expect((await mira.get('/api/staff')).status).toBe(403);
    expect((await admin.put('/api/staff/M1/roles', { roles: ['hr'] })).status).toBe(200);
    expect((await mira.get('/api/staff')).status).toBe(200);
    expect((await admin.put('/api/staff/M1/roles', { roles: [] })).status).toBe(200);
    expect((await mira.get('/api/staff')).status).toBe(403);
  });

  it('counts failed sign-ins on A and B against one budget: the eleventh is throttled', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push(await attempt(i % 2 === 0 ? a.url : b.url, 'target@district.test', `guess-${i}`));
    expect(statuses).toEqual(Array(10).fill(401));
    expect(await attempt(a.url, 'target@district.test', TEST_PASSWORD)).toBe(429);
    expect(await attempt(b.url, 'target@district.test', TEST_PASSWORD)).toBe(429);
  });
});
