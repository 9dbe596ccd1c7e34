import type { DataSource, EntityManager } from 'typeorm';

const queues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `work` in one transaction. TypeORM drives better-sqlite3 through a single shared connection, so
 * two transactions started by concurrent requests would nest into each other; on SQLite they therefore
 * take turns (SQLite admits one writer at a time anyway). PostgreSQL gives each its own connection.
 */
export function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (dataSource.options.type === 'postgres') return dataSource.transaction(work);
  return inTurn(dataSource, () => dataSource.transaction(work));
}

/**
 * SQLite: runs synchronous `work` (e.g. `sqliteTransaction`) in turn with the transactions above, so it
 * never runs while one of them is open on the shared connection.
 */
export function inTurn<T>(dataSource: DataSource, work: () => T | Promise<T>): Promise<T> {
  const previous = queues.get(dataSource) ?? Promise.resolve();
  const result = previous.then(work);
  queues.set(
    dataSource,
    result.then(
      () => undefined,
      () => undefined,
    ),
  );
  return result;
}

/**
 * A write that belongs to no transaction (a sign-in, an audit entry of its own). On SQLite it takes its
 * turn: on the shared connection it would otherwise run inside whatever transaction another request has
 * open, and be rolled back with it. Never call it from inside `inTransaction` (it would wait for itself).
 */
export function onItsOwn<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  return dataSource.options.type === 'postgres' ? work() : inTurn(dataSource, work);
}
