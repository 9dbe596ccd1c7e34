import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { AppConfig, DatabaseTarget } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { keepPostgresTimesInUtc } from './postgres-utc.js';
import { closeSqliteReader } from './raw-sql.js';

/** How long a SQLite writer waits for another's lock before failing (ms), in a command (an import, a backup). */
const BUSY_TIMEOUT_MS = 10_000;
/**
 * The same in the server. better-sqlite3 waits synchronously, so the whole event loop stops meanwhile:
 * with 10 s, a database locked by another process froze every request for 10 s per queued write. The
 * server's own writes take turns (transactions.ts) and never wait for each other, and the checkpoint
 * worker's passive checkpoints never hold up a writer; only another process (a command-line import)
 * can hold the lock. A request is then better answered 503 with Retry-After at once.
 */
export const SERVER_BUSY_TIMEOUT_MS = 200;

export function dataSourceOptions(
  target: DatabaseTarget,
  busyTimeoutMs = BUSY_TIMEOUT_MS,
): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: ['error' as const],
  };
  if (target.kind === 'postgres') {
    keepPostgresTimesInUtc();
    return { ...common, type: 'postgres', url: target.url, extra: { max: 10 } };
  }
  const database = target.path === ':memory:' ? ':memory:' : resolve(target.path);
  if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database,
    enableWAL: database !== ':memory:',
    timeout: busyTimeoutMs,
    // Prepared statements are cached first-in first-out; the default 100 is fewer than the app's distinct queries.
    statementCacheSize: 1000,
    prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
    },
  };
}

export function createDataSource(config: Pick<AppConfig, 'database'>): DataSource {
  return new DataSource(dataSourceOptions(config.database));
}

/** Opens the database and brings its schema up to date. */
export async function openDatabase(config: Pick<AppConfig, 'database'>): Promise<DataSource> {
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/** Closes what `openDatabase` opened, with the read-only SQLite connection reads may have opened. */
export async function closeDatabase(dataSource: DataSource): Promise<void> {
  closeSqliteReader(dataSource);
  await dataSource.destroy();
}
