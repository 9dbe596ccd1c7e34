import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv } from './child-env.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { built } from './dist.js';

export const ADMIN = { email: 'admin@hearth.test', password: 'admin-password-for-tests' };

export interface TestServer {
  url: string;
  db: TestDatabase;
  /** Everything the server printed, to assert what logs hold. */
  output(): string;
  /** Stops the server (SIGTERM) and drops its database, unless the database was handed in. */
  stop(): Promise<void>;
  /** Sends the server a signal without waiting for it to end (a rolling restart's SIGTERM). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves once the process has ended. */
  exited(): Promise<unknown>;
  /** Resolves once the server has printed `text`. */
  printed(text: string): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash would, and keeps the database. */
  crash(): Promise<void>;
  /** How the process ended, once it has (null while it runs). */
  ended(): { code: number | null; signal: NodeJS.Signals | null } | null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts the built server (`node dist/src/main.js`, as a district runs it) on a free port with its own
 * fresh database, and waits until /api/health answers ok (with `healthy: false`, answers at all).
 */
export async function startServer(
  env: Record<string, string | undefined> = {},
  options: { db?: TestDatabase; healthy?: boolean } = {},
): Promise<TestServer> {
  const db = options.db ?? (await createTestDatabase());
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The credential keys' file belongs with its database (a PostgreSQL server's default, ./data, is shared).
  const keyFile = join(
    tmpdir(),
    `hearth-keys-${createHash('sha256').update(db.url).digest('hex').slice(0, 16)}.json`,
  );
  let output = '';
  const waiting: { text: string; done: () => void }[] = [];
  const child: ChildProcess = spawn(process.execPath, [built('src/main.js')], {
    env: childEnv({
      PORT: String(port),
      DATABASE_URL: db.url,
      PUBLIC_URL: url,
      HEARTH_DEMO: 'false',
      HEARTH_ADMIN_EMAIL: ADMIN.email,
      HEARTH_ADMIN_PASSWORD: ADMIN.password,
      HEARTH_LOG_LEVEL: 'log',
      HEARTH_CREDENTIAL_KEY_FILE: keyFile,
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const print = (chunk: Buffer) => {
    output += chunk.toString();
    for (const wait of waiting.filter((w) => output.includes(w.text))) {
      waiting.splice(waiting.indexOf(wait), 1);
      wait.done();
    }
  };
  child.stdout?.on('data', print);
  child.stderr?.on('data', print);
  let ended: ReturnType<TestServer['ended']> = null;
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      done(code);
    }),
  );

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `The server exited (${child.exitCode ?? child.signalCode}) before answering:\n${output}`,
      );
    const healthy = await fetch(`${url}/api/health`).then(
      (r) => r.ok || options.healthy === false,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer /api/health within 30 s:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    url,
    db,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      if (!options.db) {
        await db.drop();
        rmSync(keyFile, { force: true });
      }
    },
    signal: (signal) => void child.kill(signal),
    exited: () => exited,
    printed: (text) =>
      output.includes(text) ? Promise.resolve() : new Promise((done) => waiting.push({ text, done })),
    crash: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    ended: () => ended,
  };
}
