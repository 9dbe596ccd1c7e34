import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { copiedCsv } from '../common/csv.js';
import type { CsvColumn, Driver } from './driver.js';
import { copyCsvStatement } from './postgres-csv.js';
import { camelCase } from './rows.js';
import { join, raw, sql, type Sql } from './sql.js';

/** Pool connections per server instance. */
const POOL_SIZE = 10;
/** Rows per bulk INSERT: one bound array per column, so the limit is the statement's size, not 65,535 values. */
const ROWS_PER_INSERT = 10_000;

const { builtins } = pg.types;
const withOffset = pg.types.getTypeParser(builtins.TIMESTAMPTZ) as (text: string) => Date;
/**
 * Values as SQLite's driver gives them: `timestamp` columns hold UTC moments (whatever TZ the server runs
 * in), `date` columns stay YYYY-MM-DD text, counts and sums are numbers.
 */
const PARSERS: Partial<Record<number, (text: string) => unknown>> = {
  [builtins.TIMESTAMP]: (text) => withOffset(`${text}+00`),
  [builtins.DATE]: (text) => text,
  [builtins.INT8]: Number,
  [builtins.NUMERIC]: Number,
};
const types = {
  getTypeParser: ((oid: number, format: 'text') =>
    PARSERS[oid] ??
    (pg.types.getTypeParser(oid, format) as (text: string) => unknown)) as typeof pg.types.getTypeParser,
};

/** Moments are written as UTC: a `timestamp` column ignores the zone of ISO text. */
const encode = (value: unknown) =>
  value instanceof Date ? value.toISOString() : value === undefined ? null : value;

type Runner = pg.Pool | pg.PoolClient;

/** PostgreSQL through node-postgres: a pool; each transaction on a connection of its own. */
export class PostgresDriver implements Driver<pg.PoolClient> {
  private readonly pool: pg.Pool;

  readonly spelling = {
    lockRows: sql`FOR UPDATE`,
    textAgg: (expression: Sql, separator: string) =>
      sql`string_agg(${expression}, ${raw(`'${separator.replace(/'/g, "''")}'`)})`,
  };

  /** Each table's column types, read once: a bulk insert casts each column's array to them. */
  private readonly columnTypes = new Map<string, Promise<Map<string, string>>>();

  /**
   * `INSERT … SELECT * FROM unnest($1::type[], $2::type[], …)`: one bound array per column. A multi-row
   * VALUES list binds a value per cell, and PostgreSQL's parsing, binding and planning of 30,000 of
   * them cost more than writing the rows (a 200,000-row roster import took 40–50 s that way, 20 s this).
   */
  async bulkInserts(
    transaction: pg.PoolClient | undefined,
    table: string,
    columns: string[],
    rows: unknown[][],
    suffix: Sql,
  ): Promise<Sql[]> {
    if (rows.length === 0) return [];
    const types = await this.typesOf(transaction, table);
    const statements: Sql[] = [];
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const slice = rows.slice(start, start + ROWS_PER_INSERT);
      const arrays = columns.map((column, i) => {
        const type = types.get(column);
        if (!type) throw new Error(`${table} has no column ${column}`);
        return sql`${slice.map((row) => encode(row[i]))}::${raw(type)}[]`;
      });
      statements.push(
        sql`INSERT INTO ${raw(table)} (${raw(columns.join(', '))}) SELECT * FROM unnest(${join(arrays)}) ${suffix}`,
      );
    }
    return statements;
  }

  /**
   * On the caller's transaction, if any: a second connection from the pool could wait forever while
   * every connection is a transaction waiting for these types.
   */
  private typesOf(transaction: pg.PoolClient | undefined, table: string): Promise<Map<string, string>> {
    let types = this.columnTypes.get(table);
    if (!types) {
      types = (transaction ?? this.pool)
        .query<{ name: string; type: string }>(
          `SELECT a.attname AS name, t.typname AS type FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
          [table],
        )
        .then((result) => new Map(result.rows.map((row) => [row.name, row.type])));
      // A failed read is not kept: the next insert asks again.
      types.catch(() => this.columnTypes.delete(table));
      this.columnTypes.set(table, types);
    }
    return types;
  }

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, types });
    // An idle connection that fails (the server restarts) is dropped; the next query opens another.
    this.pool.on('error', () => undefined);
  }

  async execute(transaction: pg.PoolClient | undefined, query: Sql, arrays: boolean) {
    const result = await run(transaction ?? this.pool, query);
    const keys = result.fields.map((field) => camelCase(field.name));
    const rows = arrays
      ? result.rows
      : result.rows.map((row) => {
          const object: Record<string, unknown> = {};
          for (let i = 0; i < keys.length; i++) object[keys[i]] = row[i];
          return object;
        });
    return { rows, changes: result.rowCount ?? 0 };
  }

  async transaction<T>(work: (connection: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let discard: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is dropped, not returned to the pool.
      await client.query('ROLLBACK').catch((failed: Error) => (discard = failed));
      throw error;
    } finally {
      client.release(discard);
    }
  }

  async exclusively<T>(lock: number, work: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let discard: Error | undefined;
    try {
      await client.query('SELECT pg_advisory_lock($1)', [lock]);
      try {
        return await work();
      } finally {
        // A connection that cannot unlock is dropped: closing it releases the lock.
        await client
          .query('SELECT pg_advisory_unlock($1)', [lock])
          .catch((failed: Error) => (discard = failed));
      }
    } finally {
      client.release(discard);
    }
  }

  /** A cursor in a read-only, repeatable-read transaction: one snapshot, `size` rows at a time. */
  async *pages(query: Sql, size: number): AsyncGenerator<unknown[][]> {
    const client = await this.pool.connect();
    let open = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      open = true;
      // Every row will be read: plan for the whole read, not (the default for a cursor) the first tenth.
      // At 200,000 staff that is hash joins and one sort instead of nested loops by index.
      await client.query('SET LOCAL cursor_tuple_fraction = 1');
      await client.query({
        text: `DECLARE hearth_pages NO SCROLL CURSOR FOR ${query.text}`,
        values: query.values.map(encode),
      });
      for (;;) {
        const page = await client.query({ text: `FETCH ${size} FROM hearth_pages`, rowMode: 'array' });
        if (page.rows.length) yield page.rows as unknown[][];
        if (page.rows.length < size) break;
      }
      await client.query('COMMIT');
      open = false;
    } finally {
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  /**
   * PostgreSQL writes the records (`copyCsvStatement`) in a read-only, repeatable-read transaction, read
   * as the client takes them: a reader that stops pulling stops the socket, and PostgreSQL waits.
   */
  async *csv(query: Sql, columns: readonly CsvColumn[]): AsyncGenerator<Buffer> {
    const client = await this.pool.connect();
    let finished = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // Moments in the zone `localTimestamp` writes them in (the process's); dates as YYYY-MM-DD.
      await client.query(`SELECT set_config('TimeZone', $1, true), set_config('DateStyle', 'ISO', true)`, [
        Intl.DateTimeFormat().resolvedOptions().timeZone,
      ]);
      const copy = client.query(copyTo(copyCsvStatement(query, columns)));
      // An error after the reader has gone (the connection dropped below) has nobody else to tell.
      copy.on('error', () => undefined);
      yield* copiedCsv(copy);
      await client.query('COMMIT');
      finished = true;
    } finally {
      // A copy not read to its end (the client went away, or it failed) leaves the connection in the
      // middle of a statement: it is closed, not returned to the pool.
      client.release(finished ? undefined : new Error('CSV copy not finished'));
    }
  }

  checkpointInBackground(): void {
    // PostgreSQL checkpoints on its own.
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function run(runner: Runner, query: Sql): Promise<pg.QueryArrayResult> {
  return runner.query({ text: query.text, values: query.values.map(encode), rowMode: 'array' });
}
