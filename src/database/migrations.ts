import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { DatabaseTarget } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { keepPostgresTimesInUtc } from './postgres-utc.js';

/**
 * TypeORM's part: the entities describe the schema, the migrations build it. It opens a connection only
 * for that work and closes it again; every query of the app goes through the door (database.ts).
 */
function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    logging: ['error' as const],
  };
  if (target.kind === 'postgres') {
    keepPostgresTimesInUtc();
    return { ...common, type: 'postgres', url: target.url };
  }
  const database = resolve(target.path);
  mkdirSync(dirname(database), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database,
    enableWAL: true,
    timeout: 10_000,
    prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
      db.pragma('foreign_keys = ON');
    },
  };
}

/** TypeORM's view of the database (not yet connected): for migrations, and for tests that inspect the schema. */
export function migrationSource(target: DatabaseTarget): DataSource {
  return new DataSource(dataSourceOptions(target));
}

async function withDataSource<T>(
  target: DatabaseTarget,
  work: (source: DataSource) => Promise<T>,
): Promise<T> {
  const source = migrationSource(target);
  await source.initialize();
  try {
    return await work(source);
  } finally {
    await source.destroy();
  }
}

/** The advisory locks (PostgreSQL) that instances take turns on: starting together, making the first key. */
export const LOCKS = { migrations: 7_420_001, startup: 7_420_002, credentialKeys: 7_420_003 } as const;

/**
 * Applies every pending migration, each in a transaction of its own; the names of those applied. On
 * PostgreSQL under an advisory lock: instances starting together migrate one after the other, and the
 * later ones find nothing left to do.
 */
export function runMigrations(target: DatabaseTarget): Promise<string[]> {
  const migrate = async (source: DataSource) =>
    (await source.runMigrations({ transaction: 'each' })).map((migration) => migration.name);
  return withDataSource(target, async (source) => {
    if (target.kind !== 'postgres') return migrate(source);
    const holder = source.createQueryRunner();
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [LOCKS.migrations]);
      return await migrate(source);
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [LOCKS.migrations]).catch(() => undefined);
      await holder.release();
    }
  });
}

/** Undoes the last applied migration. */
export function revertLastMigration(target: DatabaseTarget): Promise<void> {
  return withDataSource(target, (source) => source.undoLastMigration({ transaction: 'each' }));
}

/** The statements the entities would need beyond the migrations (none when they match), and for which database. */
export function pendingSchemaChanges(
  target: DatabaseTarget,
): Promise<{ database: string; statements: string[] }> {
  return withDataSource(target, async (source) => ({
    database: source.options.type,
    statements: (await source.driver.createSchemaBuilder().log()).upQueries.map((query) => query.query),
  }));
}
