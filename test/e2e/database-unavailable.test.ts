import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config/app-config.js';
import { Api } from '../support/api.js';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { createTestDatabase } from '../support/test-database.js';

/** An answer within this long is "prompt": no request may hold the server up for longer. */
const PROMPT_MS = 1000;

/**
 * Whether files can be made immutable here (`chattr +i`: root, on ext4 and the like), found by trying
 * on a scratch file in the folder the test databases go to. Where they cannot, these tests are skipped.
 */
function immutableFilesWork(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-chattr-'));
  const file = join(dir, 'scratch');
  writeFileSync(file, 'x');
  try {
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return false;
  }
  let refused = false;
  try {
    appendFileSync(file, 'y');
  } catch {
    refused = true;
  }
  execFileSync('chattr', ['-i', file]);
  rmSync(dir, { recursive: true, force: true });
  return refused;
}

const sqlite = loadConfig().database.kind === 'sqlite';
const chattr = sqlite && immutableFilesWork();

/** Makes the files that exist of these immutable (no writes, even by root), or writable again. */
function immutable(files: string[], on: boolean): void {
  for (const file of files.filter((name) => existsSync(name)))
    execFileSync('chattr', [on ? '+i' : '-i', file]);
}

async function timed(url: string, init?: RequestInit, timeoutMs = 15_000) {
  const started = performance.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  return {
    status: response.status,
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : text,
    retryAfter: response.headers.get('retry-after'),
    ms: performance.now() - started,
  };
}

const signIn = (url: string, timeoutMs?: number) =>
  timed(
    `${url}/api/auth/login`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    },
    timeoutMs,
  );

/** Asks /api/health until it answers `status` (it may have checked the database up to a second ago). */
async function healthUntil(url: string, status: number) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const health = await timed(`${url}/api/health`);
    expect(health.ms).toBeLessThan(PROMPT_MS);
    if (health.status === status || Date.now() > deadline) return health;
    await new Promise((done) => setTimeout(done, 100));
  }
}

(chattr ? describe : describe.skip)('the SQLite database stops accepting writes while serving', () => {
  let server: TestServer;
  let path: string;

  beforeAll(async () => {
    server = await startServer();
    path = (server.db.target as { path: string }).path;
  }, 60_000);

  afterAll(async () => {
    immutable([path, `${path}-wal`, `${path}-shm`], false);
    await server?.stop();
  });

  it('says so at once: health 503, writes 503 with Retry-After and a log line; then recovers', async () => {
    expect((await signIn(server.url)).status).toBe(200);
    const api = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    // The database file and its write-ahead log; the shared-memory index stays writable (see below).
    immutable([path, `${path}-wal`], true);
    try {
      const health = await healthUntil(server.url, 503);
      expect([health.status, health.body]).toEqual([
        503,
        { status: 'unavailable', reason: expect.stringContaining('SQLITE_IOERR') },
      ]);
      const write = await signIn(server.url);
      expect([write.status, write.body, write.retryAfter]).toEqual([
        503,
        { statusCode: 503, message: 'The database is not available right now. Try again in a moment.' },
        '5',
      ]);
      expect(write.ms).toBeLessThan(PROMPT_MS);
      expect(server.output()).toMatch(
        /Database unavailable \(SQLITE_IOERR[A-Z_]*\).*POST \/api\/auth\/login/,
      );
      // Reads still work, and the process lives.
      expect((await api.get('/api/me')).status).toBe(200);
      expect(server.ended()).toBeNull();
    } finally {
      immutable([path, `${path}-wal`], false);
    }
    expect((await healthUntil(server.url, 200)).body).toEqual({ status: 'ok' });
    expect((await signIn(server.url)).status).toBe(200);
    expect((await api.post('/api/auth/logout')).status).toBe(204);
    expect(server.output()).toContain('The database accepts writes again');
  }, 30_000);

  it('answers 503 at once while another process holds the write lock, then carries on', async () => {
    const other = new Database(path, { timeout: 0 });
    other.prepare('BEGIN IMMEDIATE').run();
    try {
      const write = await signIn(server.url);
      expect([write.status, write.retryAfter]).toEqual([503, '5']);
      expect(write.ms).toBeLessThan(PROMPT_MS);
      expect(server.output()).toMatch(/Database unavailable \(SQLITE_BUSY[A-Z_]*\)/);
      expect((await healthUntil(server.url, 503)).status).toBe(503);
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
    expect((await healthUntil(server.url, 200)).status).toBe(200);
    expect((await signIn(server.url)).status).toBe(200);
    expect(server.ended()).toBeNull();
  }, 30_000);
});

(chattr ? describe : describe.skip)('started on a read-only SQLite database', () => {
  it('says it is unavailable (503), not ok, and sign-in answers 503, not 500', async () => {
    const db = await createTestDatabase();
    const path = (db.target as { path: string }).path;
    // A first start builds it (migrations, the admin: a sign-in waits for that).
    const first = await startServer({}, { db });
    expect((await signIn(first.url)).status).toBe(200);
    await first.stop();
    immutable([path, `${path}-wal`, `${path}-shm`], true);
    let server: TestServer | undefined;
    try {
      server = await startServer({}, { db, healthy: false });
      const health = await timed(`${server.url}/api/health`);
      expect([health.status, health.body, health.retryAfter]).toEqual([
        503,
        { status: 'unavailable', reason: expect.stringContaining('SQLITE_READONLY') },
        '5',
      ]);
      expect((await signIn(server.url)).status).toBe(503);
    } finally {
      await server?.stop();
      immutable([path, `${path}-wal`, `${path}-shm`], false);
      await db.drop();
    }
  }, 60_000);
});

(chattr ? describe : describe.skip)('the SQLite shared-memory file made unwritable too', () => {
  /**
   * SQLite's write-ahead log keeps its index in the -shm file, mapped into memory; written to once that
   * file is immutable, the kernel raises SIGBUS. Nothing can handle that fault in the process (a
   * handler returns to the faulting write, which faults again: the server spun at full CPU, answering
   * nothing), so it must end the process at once, where a supervisor sees it and starts it again. Whether
   * SQLite writes to the mapping at all depends on where its log stands (often the write to the log file
   * fails first, and the answer is 503), so either outcome is right; hanging is not.
   */
  it('never hangs: it answers 503 promptly, or ends at once with SIGBUS', async () => {
    const server = await startServer();
    const path = (server.db.target as { path: string }).path;
    try {
      expect((await signIn(server.url)).status).toBe(200);
      immutable([path, `${path}-wal`, `${path}-shm`], true);
      // A page of the mapping the server dirtied before the change stays writable until written back;
      // write it back now, so that the next write to it faults.
      execFileSync('sync', [`${path}-shm`]);
      const started = Date.now();
      while (!server.ended() && Date.now() - started < 8_000) {
        const answer = await signIn(server.url, 5_000).catch((error: Error) => error.name);
        // A request the fault cut off fails a moment before the process is seen to end.
        for (let wait = 0; typeof answer === 'string' && !server.ended() && wait < 40; wait++)
          await new Promise((done) => setTimeout(done, 50));
        if (server.ended()) break;
        // Alive, so it must have answered, and promptly (a loaded machine hashes a password slowly).
        expect(typeof answer === 'string' ? answer : [answer.status, answer.retryAfter]).toEqual([503, '5']);
        await new Promise((done) => setTimeout(done, 50));
      }
      const ended = server.ended();
      const outcome = ended ? (ended.signal ?? `exit code ${ended.code}`) : 'alive, answering 503';
      expect(['alive, answering 503', 'SIGBUS']).toContain(outcome);
    } finally {
      immutable([path, `${path}-wal`, `${path}-shm`], false);
      await server.stop();
    }
  }, 30_000);
});
