import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import BetterSqlite3, { type Database as Connection, type Statement } from 'better-sqlite3';
import { localTimestamp } from '../common/clock.js';
import { csvRow } from '../common/csv.js';
import type { CheckpointReport } from './checkpoint.worker.js';
import type { CsvColumn, Driver } from './driver.js';
import { camelCase } from './rows.js';
import { empty, join, raw, sql, type Sql } from './sql.js';

/** Prepared statements kept per connection, oldest dropped first past this many. */
const STATEMENTS_KEPT = 500;
/** Rows read at a time for a CSV, and rows per piece of its text. */
const CSV_PAGE_ROWS = 5000;
/**
 * A few hundred rows per string: far fewer pieces than one per row, and each small enough (under V8's
 * large-object size) to be collected young, so the server's memory stays flat while it streams.
 */
const CSV_PIECE_ROWS = 400;

/** How often the worker copies the write-ahead log into the database file (ms). */
const CHECKPOINT_EVERY_MS = 200;
/** SQLite's own default, restored when the worker stops. */
const AUTO_CHECKPOINT_PAGES = 1000;

/** A prepared statement with what turns its rows into the door's values. */
interface Prepared {
  statement: Statement;
  /** Reads rows (SELECT, or a write with RETURNING). */
  reader: boolean;
  keys: string[];
  /** Per column: how a stored value becomes the door's (undefined: as it is). */
  decoders: (((value: unknown) => unknown) | undefined)[];
}

/** `datetime` columns hold UTC moments as 'YYYY-MM-DD HH:MM:SS.SSS' (TypeORM's format, kept). */
const toMoment = (value: unknown) =>
  typeof value === 'string' ? new Date(`${value.replace(' ', 'T')}Z`) : value;
const toBoolean = (value: unknown) => (value === null ? null : Boolean(value));
const DECODERS: Record<string, (value: unknown) => unknown> = { datetime: toMoment, boolean: toBoolean };

/** A value as SQLite stores it: moments as UTC text, booleans as 1/0 (better-sqlite3 binds neither). */
function encode(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 23).replace('T', ' ');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}

/**
 * SQLite through better-sqlite3: one writing connection, whose transactions (and writes of their own)
 * take turns, and one read-only connection for every read outside a transaction. In WAL mode the reader
 * sees the last commit, never a transaction in progress: the rule PostgreSQL's pool gives.
 */
/** Bound values per multi-row INSERT: under SQLite's limit of 32,766. */
const VALUES_PER_INSERT = 30_000;

export class SqliteDriver implements Driver<Connection> {
  private readonly logger = new Logger('Database');
  private readonly writer: Connection;
  private reader?: Connection;
  private readonly prepared = new WeakMap<Connection, Map<string, Prepared>>();
  /** The end of the queue of writes: each waits for the one before. */
  private turn: Promise<unknown> = Promise.resolve();
  private worker?: Worker;

  readonly spelling = {
    lockRows: empty,
    textAgg: (expression: Sql, separator: string) =>
      sql`group_concat(${expression}, ${raw(`'${separator.replace(/'/g, "''")}'`)})`,
  };

  /** Multi-row INSERTs, each with at most VALUES_PER_INSERT bound values. */
  bulkInserts(
    _transaction: Connection | undefined,
    table: string,
    columns: string[],
    rows: unknown[][],
    suffix: Sql,
  ): Promise<Sql[]> {
    const perStatement = Math.max(1, Math.floor(VALUES_PER_INSERT / columns.length));
    const head = sql`INSERT INTO ${raw(table)} (${raw(columns.join(', '))}) VALUES `;
    const statements: Sql[] = [];
    for (let start = 0; start < rows.length; start += perStatement) {
      const values = join(
        rows.slice(start, start + perStatement).map((row) => sql`(${join(row)})`),
        ', ',
      );
      statements.push(sql`${head}${values} ${suffix}`);
    }
    return Promise.resolve(statements);
  }

  constructor(
    private readonly path: string,
    private readonly busyTimeoutMs: number,
  ) {
    this.writer = new BetterSqlite3(path, { timeout: busyTimeoutMs });
    this.writer.pragma('journal_mode = WAL');
    this.writer.pragma('foreign_keys = ON');
    this.writer.pragma('synchronous = NORMAL');
  }

  execute(
    transaction: Connection | undefined,
    query: Sql,
    arrays: boolean,
  ): Promise<{ rows: unknown[]; changes: number }> {
    // Synchronous underneath; a throw becomes a rejected promise.
    try {
      const text = query.sql;
      if (transaction) return Promise.resolve(this.run(this.writer, text, query.values, arrays));
      const reader = this.readerConnection();
      const onReader = this.prepare(reader, text);
      if (onReader.statement.readonly)
        return Promise.resolve(this.run(reader, text, query.values, arrays, onReader));
      // A write of its own: in turn, so it never lands inside another's open transaction.
      return this.enqueue(() => this.run(this.writer, text, query.values, arrays));
    } catch (error) {
      // The driver's own error, as thrown (its code says what failed).
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      return Promise.reject(error);
    }
  }

  transaction<T>(work: (connection: Connection) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      this.control('BEGIN IMMEDIATE');
      try {
        const result = await work(this.writer);
        this.control('COMMIT');
        return result;
      } catch (error) {
        if (this.writer.inTransaction) this.control('ROLLBACK');
        throw error;
      }
    });
  }

  /** BEGIN, COMMIT and ROLLBACK, prepared once. */
  private control(statement: 'BEGIN IMMEDIATE' | 'COMMIT' | 'ROLLBACK'): void {
    this.prepare(this.writer, statement).statement.run();
  }

  /** One statement on a read-only connection of its own (an open statement keeps one busy). */
  // eslint-disable-next-line @typescript-eslint/require-await -- better-sqlite3 walks synchronously; the door's interface is async for PostgreSQL
  async *pages(query: Sql, size: number): AsyncGenerator<unknown[][]> {
    const connection = this.openReader();
    try {
      const prepared = this.describe(connection.prepare(query.sql));
      let page: unknown[][] = [];
      for (const row of prepared.statement.iterate(...query.values.map(encode)) as Iterable<unknown[]>) {
        page.push(decodeArray(prepared, row));
        if (page.length === size) {
          yield page;
          page = [];
        }
      }
      if (page.length) yield page;
    } finally {
      connection.close();
    }
  }

  /** `pages` written with `csvRow`; moments as `localTimestamp` writes them. */
  async *csv(query: Sql, columns: readonly CsvColumn[]): AsyncGenerator<string> {
    const moments = columns.map((column) => column.moment === true);
    // What better-sqlite3 reads (blobs aside), and moments decoded by a column's declared type.
    const cell = (value: string | number | bigint | Date | null, i: number): string =>
      value === null
        ? ''
        : moments[i] || value instanceof Date
          ? localTimestamp(toMoment(value) as Date)
          : String(value);
    for await (const page of this.pages(query, CSV_PAGE_ROWS)) {
      for (let i = 0; i < page.length; i += CSV_PIECE_ROWS) {
        yield page
          .slice(i, i + CSV_PIECE_ROWS)
          .map((row) => csvRow((row as Parameters<typeof cell>[0][]).map(cell)))
          .join('');
      }
    }
  }

  /**
   * Checkpoints move off the request path to a worker thread: with auto-checkpoint on, every ~250th
   * completion's COMMIT copied the log into the file and fsynced it, holding up every queued write.
   * Durability is unchanged: a COMMIT still appends to the log before it is acknowledged.
   */
  /** One server per SQLite file: there is nobody to take turns with. */
  exclusively<T>(_lock: number, work: () => Promise<T>): Promise<T> {
    return work();
  }

  checkpointInBackground(): void {
    if (this.worker) return;
    const worker = new Worker(new URL('./checkpoint.worker.js', import.meta.url), {
      workerData: { path: this.path, everyMs: CHECKPOINT_EVERY_MS },
    });
    worker.unref();
    worker.on('message', (report: CheckpointReport) => {
      if ('failed' in report)
        this.logger.error(`Checkpoint failed, trying again less often: ${report.failed}`);
      else this.logger.log('Checkpoints work again');
    });
    worker.on('error', (error) => {
      // Without the worker, SQLite checkpoints on its own again.
      this.logger.error(`Checkpoint worker failed: ${error.message}`);
      this.autoCheckpoint(AUTO_CHECKPOINT_PAGES);
      this.worker = undefined;
    });
    this.worker = worker;
    this.autoCheckpoint(0);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      this.autoCheckpoint(AUTO_CHECKPOINT_PAGES);
      const exited = new Promise((done) => worker.once('exit', done));
      worker.postMessage('stop');
      await exited;
    }
    // Writes already queued finish first.
    await this.turn;
    this.reader?.close();
    this.writer.close();
  }

  private autoCheckpoint(pages: number): void {
    if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${pages}`);
  }

  private enqueue<T>(work: () => T | Promise<T>): Promise<T> {
    const result = this.turn.then(work);
    this.turn = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private readerConnection(): Connection {
    if (!this.reader?.open) this.reader = this.openReader();
    return this.reader;
  }

  private openReader(): Connection {
    return new BetterSqlite3(this.path, { readonly: true, fileMustExist: true, timeout: this.busyTimeoutMs });
  }

  private run(
    connection: Connection,
    text: string,
    parameters: unknown[],
    arrays: boolean,
    prepared = this.prepare(connection, text),
  ) {
    const values = parameters.map(encode);
    if (!prepared.reader) return { rows: [], changes: prepared.statement.run(...values).changes };
    const rows = prepared.statement.all(...values) as unknown[][];
    return {
      rows: arrays
        ? rows.map((row) => decodeArray(prepared, row))
        : rows.map((row) => decodeObject(prepared, row)),
      changes: rows.length,
    };
  }

  private prepare(connection: Connection, text: string): Prepared {
    let cache = this.prepared.get(connection);
    if (!cache) this.prepared.set(connection, (cache = new Map<string, Prepared>()));
    let prepared = cache.get(text);
    if (!prepared) {
      prepared = this.describe(connection.prepare(text));
      if (cache.size >= STATEMENTS_KEPT) cache.delete(cache.keys().next().value as string);
      cache.set(text, prepared);
    }
    return prepared;
  }

  /** Rows as arrays, decoded by each column's declared type. */
  private describe(statement: Statement): Prepared {
    if (!statement.reader) return { statement, reader: false, keys: [], decoders: [] };
    statement.raw(true);
    const columns = statement.columns();
    return {
      statement,
      reader: true,
      keys: columns.map((column) => camelCase(column.name)),
      decoders: columns.map((column) => (column.type ? DECODERS[column.type.toLowerCase()] : undefined)),
    };
  }
}

function decodeArray(prepared: Prepared, row: unknown[]): unknown[] {
  const { decoders } = prepared;
  for (let i = 0; i < decoders.length; i++) {
    const decode = decoders[i];
    if (decode) row[i] = decode(row[i]);
  }
  return row;
}

function decodeObject(prepared: Prepared, row: unknown[]): Record<string, unknown> {
  const { keys, decoders } = prepared;
  const object: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const decode = decoders[i];
    object[keys[i]] = decode ? decode(row[i]) : row[i];
  }
  return object;
}
