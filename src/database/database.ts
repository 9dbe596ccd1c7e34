import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath, resolve } from 'node:path';
import type { DatabaseTarget } from '../config/app-config.js';
import type { CsvColumn, Driver } from './driver.js';
import { LOCKS, runMigrations } from './migrations.js';
import { PostgresDriver } from './postgres-driver.js';
import { pageQuery, type Row } from './rows.js';
import { empty, sql, type Sql } from './sql.js';
import { SqliteDriver } from './sqlite-driver.js';

export interface OpenOptions {
  /** How long a write waits for another process's lock on SQLite (ms). */
  busyTimeoutMs?: number;
  /** Bring the schema up to date first (default true). */
  migrate?: boolean;
}

/** A command (an import, a backup) waits this long for another process's lock on SQLite (ms). */
const BUSY_TIMEOUT_MS = 10_000;
/**
 * The server's wait: better-sqlite3 waits synchronously, stopping every request meanwhile. The server's
 * own writes take turns and never wait for each other; only another process (a command-line import)
 * holds the lock, and a request is then better answered 503 with Retry-After at once.
 */
export const SERVER_BUSY_TIMEOUT_MS = 200;

/**
 * The one way to the data. Repositories give it queries (`sql` tagged templates); services give it
 * their use case's work to run in one transaction (`transaction`). It is the same on both databases:
 *
 * - **What a read sees.** A read outside a transaction sees only committed data (PostgreSQL: a pool
 *   connection; SQLite: a read-only connection of its own). A read inside a transaction sees that
 *   transaction's writes too.
 * - **Transactions.** `transaction(work)` commits what `work` wrote, or rolls it all back when it
 *   throws. Everything `work` awaits belongs to it without being passed along (an async context);
 *   a transaction begun inside another joins it. On SQLite transactions take turns on the one writing
 *   connection (SQLite admits one writer at a time anyway), so keep slow work (hashing, PDFs) outside.
 * - **A write outside a transaction** is a transaction of its own.
 * - **Values.** Dates, booleans and numbers come back alike: `datetime` columns as Date, `date` columns
 *   as YYYY-MM-DD, booleans as booleans, counts and sums as numbers; column names as camelCase keys.
 */
export class Database {
  /**
   * The transaction the current async context belongs to, if any. Work that outlives it (a promise
   * started inside and left running) finds it ended, and goes on as if outside any transaction.
   */
  private readonly context = new AsyncLocalStorage<{ connection: unknown; open: boolean }>();

  private constructor(
    private readonly driver: Driver,
    private readonly scratch: string | null,
  ) {}

  static async open(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
    // `sqlite::memory:` is a file of its own that lasts as long as the process uses it: SQLite's memory
    // databases are one connection each, and the door reads on a second one.
    const scratch =
      target.kind === 'sqlite' && target.path === ':memory:'
        ? mkdtempSync(joinPath(tmpdir(), 'hearth-'))
        : null;
    const opened: DatabaseTarget = scratch
      ? { kind: 'sqlite', path: resolve(scratch, 'hearth.sqlite') }
      : target;
    if (options.migrate ?? true) await runMigrations(opened);
    const busyTimeoutMs = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
    const driver =
      opened.kind === 'postgres'
        ? new PostgresDriver(opened.url)
        : new SqliteDriver(opened.path, busyTimeoutMs);
    return new Database(driver, scratch);
  }

  /** Every row the query answers, with camelCase keys. */
  async rows<T = Row>(query: Sql): Promise<T[]> {
    return (await this.driver.execute(this.openTransaction(), query, false)).rows as T[];
  }

  /** The first row, or undefined. */
  async row<T = Row>(query: Sql): Promise<T | undefined> {
    return (await this.rows<T>(query))[0];
  }

  /** Every row as an array of its values in SELECT order (no object per row: reports' long reads). */
  async arrays(query: Sql): Promise<unknown[][]> {
    return (await this.driver.execute(this.openTransaction(), query, true)).rows as unknown[][];
  }

  /** A write; how many rows it changed. */
  async run(query: Sql): Promise<number> {
    return (await this.driver.execute(this.openTransaction(), query, false)).changes;
  }

  /** `work` in one transaction (see the class comment); a transaction begun inside it joins it. */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.openTransaction() !== undefined) return work();
    return this.driver.transaction(async (connection) => {
      const transaction = { connection, open: true };
      try {
        return await this.context.run(transaction, work);
      } finally {
        transaction.open = false;
      }
    });
  }

  /**
   * A page of `matches` (a SELECT without ORDER BY) sorted by `order` (its output columns), and how many
   * match in all, from one statement (`pageQuery`).
   */
  async page<T = Row>(
    matches: Sql,
    order: Sql,
    limit: number,
    offset: number,
  ): Promise<{ rows: T[]; total: number }> {
    const found = await this.rows<Row & { pageTotal: number }>(pageQuery(matches, order, limit, offset));
    const rows = found.map(({ pageTotal: _, ...row }) => row as T);
    if (found.length || offset === 0) return { rows, total: found[0]?.pageTotal ?? 0 };
    // Past the last page no row carries the total.
    const counted = await this.row<{ n: number }>(sql`SELECT COUNT(*) AS n FROM (${matches}) t`);
    return { rows, total: counted?.n ?? 0 };
  }

  /** Every row of one long read, as arrays, `size` at a time, from one snapshot (memory stays flat). */
  pages(query: Sql, size: number): AsyncGenerator<unknown[][]> {
    return this.driver.pages(query, size);
  }

  /**
   * Every row of one long read as CSV records, the way `csvRow` writes them (RFC 4180, CRLF, formula-like
   * cells prefixed with `'`), with NULL as an empty cell and `columns` naming the query's SELECT list in
   * order; text in pieces as the reader takes them, from one snapshot (memory stays flat). PostgreSQL
   * writes the records itself (COPY); on SQLite, fast at its sizes, each row goes through `csvRow`.
   */
  csv(query: Sql, columns: readonly CsvColumn[]): AsyncGenerator<string | Buffer> {
    return this.driver.csv(query, columns);
  }

  /**
   * Rows in bulk (SQLite: multi-row INSERTs; PostgreSQL: one array per column); `suffix` follows the
   * rows (ON CONFLICT, RETURNING) and the rows a RETURNING clause answers are collected.
   */
  async insertRows<T = Row>(
    table: string,
    columns: string[],
    rows: unknown[][],
    suffix: Sql = empty,
  ): Promise<T[]> {
    const returned: T[] = [];
    for (const statement of await this.driver.bulkInserts(
      this.openTransaction(),
      table,
      columns,
      rows,
      suffix,
    ))
      returned.push(...(await this.rows<T>(statement)));
    return returned;
  }

  /**
   * `work` one process at a time across every instance on this database (PostgreSQL: an advisory lock):
   * for work several instances must not do side by side (the start-up work, making the first signing key).
   */
  exclusively<T>(lock: keyof typeof LOCKS, work: () => Promise<T>): Promise<T> {
    return this.driver.exclusively(LOCKS[lock], work);
  }

  /** `FOR UPDATE` where the database locks rows read in a transaction (SQLite's writer is alone anyway). */
  get lockRows(): Sql {
    return this.driver.spelling.lockRows;
  }

  /** The values of `expression` in a group, as one text joined by `separator`. */
  textAgg(expression: Sql, separator: string): Sql {
    return this.driver.spelling.textAgg(expression, separator);
  }

  private openTransaction(): unknown {
    const transaction = this.context.getStore();
    return transaction?.open ? transaction.connection : undefined;
  }

  /** The server only: SQLite's log is copied in a worker thread, off the request path. */
  checkpointInBackground(): void {
    this.driver.checkpointInBackground();
  }

  async close(): Promise<void> {
    await this.driver.close();
    if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
  }
}
