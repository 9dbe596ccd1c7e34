import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { AppConfig, DatabaseTarget } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { keepPostgresTimesInUtc } from './postgres-utc.js';
import { closeSqliteReader } from './raw-sql.js';

/** How long a SQLite writer waits for the lock before failing (ms). */
const BUSY_TIMEOUT_MS = 10_000;

export function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
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
    timeout: BUSY_TIMEOUT_MS,
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
