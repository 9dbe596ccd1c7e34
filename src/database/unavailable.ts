/**
 * Errors that mean the database cannot do its work right now, rather than that the request was wrong:
 * SQLite read-only, I/O errors, locked by another process, disk full, file not openable; PostgreSQL
 * read-only, shutting down or starting, out of disk or connections, or the connection lost. Such a
 * request is answered 503 with Retry-After, never 500 (see the exception filter).
 */
const SQLITE = /^SQLITE_(READONLY|IOERR|BUSY|FULL|CANTOPEN)/;
const POSTGRES = new Set([
  '25006', // read_only_sql_transaction (a standby, or default_transaction_read_only)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '53100', // disk_full
  '53300', // too_many_connections
  '08000', // connection_exception and the rest of its class
  '08001',
  '08003',
  '08004',
  '08006',
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
// node-postgres says these in words only.
const LOST = /^(Connection terminated|timeout exceeded when trying to connect)/;

/** The code (e.g. SQLITE_READONLY, 25006, ECONNREFUSED) when `error` means the database is unavailable. */
export function databaseUnavailable(error: unknown): string | undefined {
  // TypeORM's QueryFailedError keeps the driver's error (and copies its code).
  for (let cause = error, depth = 0; cause && typeof cause === 'object' && depth < 3; depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SQLITE.test(code) || POSTGRES.has(code) || NETWORK.has(code)))
      return code;
    if (typeof message === 'string' && LOST.test(message)) return 'connection lost';
    cause =
      (cause as { driverError?: unknown; cause?: unknown }).driverError ??
      (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Seconds a client is asked to wait before trying again (Retry-After) while the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;
