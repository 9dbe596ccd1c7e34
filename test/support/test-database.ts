import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { loadConfig, type DatabaseTarget } from '../../src/config/app-config.js';
import { Database } from '../../src/database/database.js';
import { migrationSource } from '../../src/database/migrations.js';

export interface TestDatabase {
  target: DatabaseTarget;
  /** The DATABASE_URL a child server process should use. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a SQLite file in a temporary folder, or, when the
 * PostgreSQL lane sets DATABASE_URL=postgres://…, a new database on that server.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = loadConfig().database;
  if (base.kind === 'postgres') {
    const name = `hearth_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: base.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base.url);
    url.pathname = `/${name}`;
    return {
      target: { kind: 'postgres', url: url.toString() },
      url: url.toString(),
      drop: async () => {
        const client = new pg.Client({ connectionString: base.url });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'hearth-test-'));
  const path = join(dir, 'hearth.sqlite');
  return {
    target: { kind: 'sqlite', path },
    url: `sqlite:${path}`,
    drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

/** A fresh database with every migration applied, and the door open on it. */
export async function openTestDatabase(): Promise<{
  database: Database;
  db: TestDatabase;
  close: () => Promise<void>;
}> {
  const db = await createTestDatabase();
  const database = await Database.open(db.target);
  return {
    database,
    db,
    close: async () => {
      await database.close();
      await db.drop();
    },
  };
}

/**
 * TypeORM's own connection on a database, its migrations applied: for tests that look at the schema or
 * at what is stored from outside the app (a server may be using the database meanwhile).
 */
export async function openDataSource(target: DatabaseTarget): Promise<DataSource> {
  const dataSource = migrationSource(target);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
