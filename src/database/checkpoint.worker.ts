import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * Runs in a worker thread with its own connection: copies the SQLite write-ahead log into the database
 * file every few milliseconds. A checkpoint writes and fsyncs many pages; on the server's connection it
 * would stall whichever request's COMMIT crossed the auto-checkpoint threshold (see SqliteCheckpointer).
 */
const { path, everyMs } = workerData as { path: string; everyMs: number };
const db = new Database(path, { timeout: 1000 });
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try {
    // PASSIVE never waits for readers or writers: what cannot be copied now is copied next time.
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked: next time.
  }
}, everyMs);
parentPort?.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
