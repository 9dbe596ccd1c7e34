import type { Sql } from './sql.js';

/**
 * A column of a CSV the door writes (`Database.csv`): its name in the query's SELECT list, and whether it
 * holds moments (a `datetime` column), written as `localTimestamp` writes them.
 */
export interface CsvColumn {
  name: string;
  moment?: boolean;
}

/**
 * What the door asks of a database (sqlite-driver.ts, postgres-driver.ts); nothing else sees one.
 * `C` is the connection a transaction runs on.
 */
export interface Driver<C = unknown> {
  /** Rows (objects with camelCase keys, or arrays) and how many rows a write changed. */
  execute(
    transaction: C | undefined,
    query: Sql,
    arrays: boolean,
  ): Promise<{ rows: unknown[]; changes: number }>;
  /** `work` in one transaction on connection `C`, committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (connection: C) => Promise<T>): Promise<T>;
  /** Every row of one read, as arrays, `size` at a time, from one snapshot. */
  pages(query: Sql, size: number): AsyncGenerator<unknown[][]>;
  /** Every row of one read as CSV records (see `Database.csv`), from one snapshot. */
  csv(query: Sql, columns: readonly CsvColumn[]): AsyncGenerator<string | Buffer>;
  /**
   * `work` while holding `lock`, which every process on the same database shares (PostgreSQL: a session
   * advisory lock on a connection of its own); SQLite has one server per file, so it just runs `work`.
   */
  exclusively<T>(lock: number, work: () => Promise<T>): Promise<T>;
  /**
   * The statements that insert `rows` in bulk, each within the database's limits; `suffix` follows the
   * rows (ON CONFLICT, RETURNING). What they need to read first is read on `transaction`, if any.
   */
  bulkInserts(
    transaction: C | undefined,
    table: string,
    columns: string[],
    rows: unknown[][],
    suffix: Sql,
  ): Promise<Sql[]>;
  /** SQL fragments whose spelling differs between the two. */
  readonly spelling: { lockRows: Sql; textAgg: (expression: Sql, separator: string) => Sql };
  /** SQLite: copy the write-ahead log in a worker thread (the server); PostgreSQL: nothing to do. */
  checkpointInBackground(): void;
  close(): Promise<void>;
}
