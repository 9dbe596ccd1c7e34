import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * Runs in a worker thread with its own connection: copies the SQLite write-ahead log into the database
 * file every few milliseconds. A checkpoint writes and fsyncs many pages; on the server's connection it
 * would stall whichever request's COMMIT crossed the auto-checkpoint threshold (see SqliteCheckpointer).
 */
const { path, everyMs } = workerData as { path: string; everyMs: number };
/** The longest wait between checkpoints while they fail (the database file cannot be written). */
const MAX_BACKOFF_MS = 10_000;

/** What the worker tells the server: a checkpoint failed (once per kind of failure), or works again. */
export type CheckpointReport = { failed: string } | { recovered: true };
const report = (message: CheckpointReport) => parentPort?.postMessage(message);

/** Opened at the first checkpoint, and again after a failure. */
let db: Database.Database | undefined;
let wait = everyMs;
let failing: string | undefined;
let timer: NodeJS.Timeout;
function checkpoint(): void {
  try {
    if (!db) {
      db = new Database(path, { timeout: 1000 });
      db.pragma('synchronous = NORMAL');
    }
    // PASSIVE never waits for readers or writers: what cannot be copied now is copied next time.
    db.pragma('wal_checkpoint(PASSIVE)');
    if (failing) report({ recovered: true });
    failing = undefined;
    wait = everyMs;
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    // Busy or locked: next time. Anything else (a file that cannot be written): say so once, and try
    // less and less often until it works again, on a new connection (SQLite opens a file it cannot
    // write read-only, and the connection stays so when the file becomes writable).
    if (!/^SQLITE_(BUSY|LOCKED)/.test(code)) {
      if (failing !== code) report({ failed: `${code}: ${(error as Error).message}` });
      failing = code;
      wait = Math.min(wait * 2, MAX_BACKOFF_MS);
      db?.close();
      db = undefined;
    }
  }
  timer = setTimeout(checkpoint, wait);
}
timer = setTimeout(checkpoint, wait);
parentPort?.on('message', () => {
  clearTimeout(timer);
  db?.close();
  parentPort?.close();
});
