import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { MIGRATIONS } from '../../migrations/index.js';
import { loadConfig } from '../../src/config/app-config.js';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { childEnv } from '../support/child-env.js';
import { built } from '../support/dist.js';
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

const onPostgres = loadConfig().database.kind === 'postgres';

// SQLite is one server per file; several instances share a PostgreSQL database.
(onPostgres ? describe : describe.skip)(
  'two instances starting together on one empty PostgreSQL database',
  () => {
    let db: TestDatabase;
    const servers: TestServer[] = [];

    afterAll(async () => {
      for (const server of servers) await server.stop();
      await db?.drop();
    });

    it('migrate and do the start-up work in turn, each once, then serve the same data', async () => {
      db = await createTestDatabase();
      servers.push(...(await Promise.all([startServer({}, { db }), startServer({}, { db })])));
      const [first, second] = servers;
      const admins = await Promise.all(
        servers.map((server) => new Api(server.url).login(ADMIN.email, ADMIN.password)),
      );

      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const applied = await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
        expect(applied.rows.map((row) => row.name)).toEqual(
          MIGRATIONS.map((migration) => new migration().name),
        );
        const accounts = await client.query('SELECT id FROM accounts WHERE email = $1', [ADMIN.email]);
        expect(accounts.rowCount).toBe(1);
      } finally {
        await client.end();
      }
      // (A health probe may be slow while the other migrates: only the start-up work's own lines count.)
      const trouble = servers.flatMap((server) =>
        server
          .output()
          .split('\n')
          .filter((line) => /failed at start-up|could not run/.test(line)),
      );
      expect(trouble).toEqual([]);

      const imported = await admins[0].post(
        '/api/staff/import',
        rosterCsv([makeStaff({ employeeId: 'I-1' })]),
        'text/csv',
      );
      expect(imported.status).toBe(200);
      const seen = await admins[1].get<{ items: { employeeId: string }[] }>('/api/staff?q=I-1');
      expect(seen.body.items.map((item) => item.employeeId)).toEqual(['I-1']);
      expect(first.url).not.toBe(second.url);
    }, 120_000);
  },
);

// Several processes sharing one key file and one database, none holding a signing key yet.
(onPostgres ? describe : describe.skip)('processes asking for the first signing key at once', () => {
  let db: TestDatabase;
  let dir: string;

  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('agree on one key: one in the file, one published, each process signing with it', async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'hearth-keys-'));
    const keyFile = join(dir, 'credential-keys.json');
    // Each opens the database (migrating it) and says ready; then all are told to ask at once.
    const children = [1, 2, 3, 4, 5].map(() =>
      spawn(process.execPath, [resolve('test/support/first-key.mjs')], {
        env: childEnv({
          DATABASE_URL: db.url,
          PUBLIC_URL: 'http://hearth.test',
          HEARTH_CREDENTIAL_KEY_FILE: keyFile,
          HEARTH_DIST: built(''),
        }),
      }),
    );
    const runs = children.map((child) => {
      let out = '';
      const ready = new Promise<void>((done) =>
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('ready\n')) done();
        }),
      );
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const ended = new Promise<{ code: number | null; out: string }>((done) =>
        child.once('exit', (code) => done({ code, out })),
      );
      return { ready, ended };
    });
    await Promise.all(runs.map((run) => run.ready));
    for (const child of children) child.stdin.write('go\n');
    const results = await Promise.all(runs.map((run) => run.ended));
    expect(results.map((run) => run.code)).toEqual(results.map(() => 0));

    const file = JSON.parse(readFileSync(keyFile, 'utf8')) as { keys: { keyId: string }[] };
    expect(file.keys).toHaveLength(1);
    const keyId = file.keys[0].keyId;
    expect(results.map((run) => run.out.trim().split('\n').pop())).toEqual(results.map(() => keyId));
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const published = await client.query<{ key_id: string }>('SELECT key_id FROM credential_keys');
      expect(published.rows.map((row) => row.key_id)).toEqual([keyId]);
    } finally {
      await client.end();
    }
    // The losers' temporary files are gone.
    expect(readdirSync(dir)).toEqual(['credential-keys.json']);
  }, 120_000);
});
