import { afterAll, describe, expect, it } from '@jest/globals';
import { Api } from '../support/api.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';

const DEMO_ADMIN = { email: 'demo.admin@example.org', password: 'hearth-demo-2026' };

/** The demo district is for trying Hearth: never seeded into a real install unless asked for. */
describe('the demo district and a real one', () => {
  const servers: TestServer[] = [];
  const databases: TestDatabase[] = [];

  afterAll(async () => {
    for (const server of servers) await server.stop();
    for (const db of databases) await db.drop();
  });

  const login = (server: TestServer, account: { email: string; password: string }) =>
    new Api(server.url).post('/api/auth/login', account);

  it('seeds no demo when a real admin is configured and HEARTH_DEMO is not set', async () => {
    const server = await startServer({ HEARTH_DEMO: undefined });
    servers.push(server);
    expect((await login(server, DEMO_ADMIN)).status).toBe(401);
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    expect((await admin.get<{ total: number }>('/api/staff')).body.total).toBe(0);
    expect(server.output()).not.toMatch(/demo district|demo\.admin/i);
  }, 60_000);

  it('seeds it when asked, keeps its password out of the log, and closes its sign-ins once the demo is off', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const demo = await startServer({ HEARTH_DEMO: 'true' }, { db });
    const demoAdmin = await new Api(demo.url).login(DEMO_ADMIN.email, DEMO_ADMIN.password);
    expect((await demoAdmin.get<{ roles: string[] }>('/api/me')).body.roles).toEqual(['learner', 'admin']);
    // A community cohort in various states, apart from the staff reports.
    const cohorts = await demoAdmin.get<{ cohorts: { name: string; learners: number; courses: object[] }[] }>(
      '/api/reports/cohorts',
    );
    expect(cohorts.body.cohorts).toEqual([
      expect.objectContaining({
        name: 'Family and community partners, fall 2026',
        learners: 4,
        courses: [
          expect.objectContaining({
            courseId: 'carma',
            joined: 4,
            started: 3,
            completed: 2,
            certificates: 2,
          }),
        ],
      }),
    ]);
    // The log names the demo sign-ins, never their password; the sign-in page shows it.
    expect(demo.output()).toContain('demo.admin@example.org');
    expect(demo.output()).not.toContain(DEMO_ADMIN.password);
    const page = await (await fetch(`${demo.url}/login`)).text();
    expect(page).toContain('Demo sign-ins');
    expect(page).toContain(DEMO_ADMIN.password);
    await demo.stop();

    const real = await startServer({ HEARTH_DEMO: 'false' }, { db });
    servers.push(real);
    expect((await login(real, DEMO_ADMIN)).status).toBe(401);
    expect((await new Api(real.url, tokenOf(demoAdmin)).get('/api/me')).status).toBe(401);
    expect(await (await fetch(`${real.url}/login`)).text()).not.toContain(DEMO_ADMIN.password);
    expect(real.output()).toContain('its demo accounts can no longer sign in');
    const admin = await new Api(real.url).login(ADMIN.email, ADMIN.password);
    const audit = await admin.get<{ action: string }[]>('/api/audit?action=demo.sign-ins-closed');
    expect(audit.body).toHaveLength(1);
  }, 60_000);
});

/** The bearer token an Api client signs in with, to replay it against another server on the same database. */
function tokenOf(api: Api): string {
  return api.authHeaders().authorization.replace(/^Bearer /, '');
}
