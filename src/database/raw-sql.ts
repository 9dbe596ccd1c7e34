import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import {
  DataSource,
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
  QueryFailedError,
} from 'typeorm';
import { inTurn } from './transactions.js';

const sourceOf = (manager: EntityManager | DataSource): DataSource =>
  manager instanceof DataSource ? manager : manager.dataSource;

/** Not inside a transaction: the data source itself, or its manager without a query runner. */
const outsideTransaction = (manager: EntityManager | DataSource): boolean =>
  manager instanceof DataSource || !manager.queryRunner;

/**
 * Hand-written SQL for the few queries every request runs (sign-in check, a learner's assignment, module
 * progress). A query builder spends far longer composing SQL and mapping rows than SQLite spends
 * answering; these skip that work. Write `?` placeholders: they become `$1, $2, …` on PostgreSQL. Column
 * values come back as the driver returns them: turn them into entity values with `hydrate`. A statement
 * that returns no rows (INSERT, UPDATE without RETURNING) resolves to the driver's raw result: ignore it.
 */
export function rawQuery<T extends ObjectLiteral>(
  manager: EntityManager | DataSource,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const source = sourceOf(manager);
  // A throw inside the executor rejects the promise, as a failed `manager.query` does.
  if (source.options.type === 'better-sqlite3')
    return new Promise((resolve) =>
      resolve(runSqlite(source, sql, parameters, false, outsideTransaction(manager)) as T[]),
    );
  let n = 0;
  const text = source.options.type === 'postgres' ? sql.replace(/\?/g, () => `$${++n}`) : sql;
  return manager.query(text, parameters);
}

/**
 * A read right before a write of the same request, which waits for its turn anyway. On SQLite it takes
 * a turn too (`inTurn`) and runs on the shared connection: between transactions, so it sees only
 * committed rows like the read-only connection would, but with a page cache still warm from the writes
 * (the read-only connection must reread every page after each commit; that cost a tenth of the module
 * completions per second). Elsewhere the same as `rawQuery`. Never call it from inside a transaction.
 */
export function rawQueryBeforeWrite<T extends ObjectLiteral>(
  source: DataSource,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  if (source.options.type !== 'better-sqlite3') return rawQuery<T>(source, sql, parameters);
  return inTurn(source, () => runSqlite(source, sql, parameters) as T[]);
}

/**
 * Like `rawQuery`, each row an array of its values in SELECT order: no object per row, for the few
 * queries that read every row of a report. Give each selected column a distinct name.
 */
export function rawArrays(
  manager: EntityManager | DataSource,
  sql: string,
  parameters: unknown[] = [],
): Promise<unknown[][]> {
  const source = sourceOf(manager);
  if (source.options.type === 'better-sqlite3')
    return new Promise((resolve) =>
      resolve(runSqlite(source, sql, parameters, true, outsideTransaction(manager)) as unknown[][]),
    );
  // node-postgres keeps the columns' order in each row object.
  return rawQuery<Record<string, unknown>>(manager, sql, parameters).then((rows) =>
    rows.map((row) => Object.values(row)),
  );
}

/** Runs hand-written SQL synchronously inside `sqliteTransaction`. */
export type SyncQuery = <T extends ObjectLiteral>(sql: string, parameters?: unknown[]) => T[];

/**
 * SQLite only: `work` in one transaction that never yields to the event loop (no other request's
 * statements can interleave). It commits what `work` returns, or rolls back when it returns undefined
 * or throws. Call it through `inTurn` (transactions.ts): no TypeORM transaction may be open meanwhile.
 */
export function sqliteTransaction<T>(
  source: DataSource,
  work: (query: SyncQuery) => T | undefined,
): T | undefined {
  runSqlite(source, 'BEGIN IMMEDIATE', []);
  let result: T | undefined;
  try {
    result = work(
      <R extends ObjectLiteral>(sql: string, parameters: unknown[] = []) =>
        runSqlite(source, sql, parameters) as R[],
    );
  } catch (error) {
    runSqlite(source, 'ROLLBACK', []);
    throw error;
  }
  runSqlite(source, result === undefined ? 'ROLLBACK' : 'COMMIT', []);
  return result;
}

/** Prepared statements per SQLite connection, oldest dropped first past this many. */
const STATEMENTS_KEPT = 500;
const prepared = new WeakMap<Database, Map<string, Statement>>();

/** A second, read-only connection per SQLite data source (see `readerOf`). */
const readers = new WeakMap<DataSource, Database>();

/**
 * TypeORM shares one SQLite connection among all requests, so a read on it would see whatever another
 * request's open transaction has written so far (a roster import half done, perhaps rolled back later).
 * Reads outside a transaction therefore run on a read-only connection of their own, opened on first use:
 * in WAL mode it sees the last commit, as a PostgreSQL pool connection would. An in-memory database has
 * none (a second connection would open another, empty database).
 */
function readerOf(source: DataSource, main: Database): Database {
  if (main.memory) return main;
  let reader = readers.get(source);
  if (reader?.open) return reader;
  reader = openReadOnly(main);
  readers.set(source, reader);
  return reader;
}

const openReadOnly = (main: Database) =>
  new BetterSqlite3(main.name, {
    readonly: true,
    fileMustExist: true,
    timeout: main.pragma('busy_timeout', { simple: true }) as number,
  });

/**
 * SQLite (a file) only: every row of one read (`query` gives its SQL), as arrays, `size` at a time, from a single statement (one
 * sort, one snapshot of committed data) on a read-only connection of its own, which an open statement
 * keeps busy; it closes when the walk ends or is abandoned. Null elsewhere (PostgreSQL, an in-memory
 * database): page by other means there.
 */
export function sqliteRowPages(
  source: DataSource,
  query: () => [sql: string, parameters: unknown[]],
  size: number,
): Generator<unknown[][]> | null {
  if (source.options.type !== 'better-sqlite3') return null;
  const main = (source.driver as unknown as { databaseConnection: Database }).databaseConnection;
  if (main.memory) return null;
  const [sql, parameters] = query();
  return (function* () {
    const db = openReadOnly(main);
    try {
      let page: unknown[][] = [];
      for (const row of db
        .prepare(sql)
        .raw(true)
        .iterate(...parameters) as Iterable<unknown[]>) {
        page.push(row);
        if (page.length === size) {
          yield page;
          page = [];
        }
      }
      if (page.length) yield page;
    } finally {
      db.close();
    }
  })();
}

/** Closes the read-only connection of `readerOf`, if one was opened (before the data source closes). */
export function closeSqliteReader(source: DataSource): void {
  readers.get(source)?.close();
  readers.delete(source);
}

function statementOn(db: Database, sql: string, asArrays: boolean): Statement {
  let cache = prepared.get(db);
  if (!cache) prepared.set(db, (cache = new Map<string, Statement>()));
  // Array rows are a mode of the prepared statement: a statement of its own.
  const key = asArrays ? `arrays:${sql}` : sql;
  let statement = cache.get(key);
  if (!statement) {
    statement = db.prepare(sql);
    if (asArrays) statement.raw(true);
    if (cache.size >= STATEMENTS_KEPT) cache.delete(cache.keys().next().value as string);
    cache.set(key, statement);
  }
  return statement;
}

/**
 * better-sqlite3 is synchronous and TypeORM shares its one connection, so a statement run on it directly
 * sees (and joins) whatever transaction TypeORM has open: the same effects as `manager.query`, without
 * the query runner, logging and event machinery around every call (most of a short query's cost). A
 * read that belongs to no transaction (`outside`) runs on the read-only connection instead.
 */
function runSqlite(
  source: DataSource,
  sql: string,
  parameters: unknown[],
  asArrays = false,
  outside = false,
): unknown {
  const main = (source.driver as unknown as { databaseConnection: Database }).databaseConnection;
  // better-sqlite3 binds no booleans: 1/0, as TypeORM's driver does.
  const values = parameters.map((p) => (typeof p === 'boolean' ? Number(p) : p));
  try {
    let statement = outside ? statementOn(readerOf(source, main), sql, asArrays) : undefined;
    // A statement that writes (INSERT … RETURNING reads rows too) runs on the shared connection.
    if (!statement?.readonly) statement = statementOn(main, sql, asArrays);
    return statement.reader ? statement.all(...values) : statement.run(...values).lastInsertRowid;
  } catch (error) {
    throw new QueryFailedError(sql, values, error as Error);
  }
}

/** Values bound per multi-row INSERT: under SQLite's limit of 32,766 (PostgreSQL allows 65,535). */
const VALUES_PER_INSERT = 30_000;

/**
 * Bulk inserts with multi-row INSERT statements (bulk writes through the query builder spend most of
 * their time building parameters). Give values as the driver stores them (see `persisted`); `suffix`
 * follows the VALUES list (an ON CONFLICT or RETURNING clause), and rows it returns are collected.
 */
export async function insertRows<T extends ObjectLiteral = ObjectLiteral>(
  manager: EntityManager | DataSource,
  table: string,
  columns: string[],
  rows: unknown[][],
  suffix = '',
): Promise<T[]> {
  const returned: T[] = [];
  const perStatement = Math.max(1, Math.floor(VALUES_PER_INSERT / columns.length));
  const row = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const result = await rawQuery<T>(
      manager,
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${batch.map(() => row).join(', ')} ${suffix}`,
      batch.flat(),
    );
    // Without RETURNING, SQLite answers with the last row id and PostgreSQL with no rows.
    if (Array.isArray(result)) returned.push(...result);
  }
  return returned;
}

/** An entity from a raw row selected with the entity's own column names (`SELECT a.*`, or a subset). */
export function hydrate<T extends ObjectLiteral>(
  manager: EntityManager | DataSource,
  target: EntityTarget<T>,
  raw: Record<string, unknown>,
): T {
  const metadata = sourceOf(manager).getMetadata(target);
  const driver = sourceOf(manager).driver;
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in raw)) continue;
    (entity as Record<string, unknown>)[column.propertyName] = driver.prepareHydratedValue(
      raw[column.databaseName],
      column,
    );
  }
  return entity;
}

/** A value as the driver stores it in this entity's column (dates and booleans differ between drivers). */
export function persisted<T extends ObjectLiteral>(
  manager: EntityManager | DataSource,
  target: EntityTarget<T>,
  propertyName: keyof T & string,
  value: unknown,
): unknown {
  const metadata = sourceOf(manager).getMetadata(target);
  const column = metadata.findColumnWithPropertyName(propertyName);
  if (!column) throw new Error(`${metadata.name} has no column ${propertyName}`);
  return sourceOf(manager).driver.preparePersistentValue(value, column);
}
