import { Injectable } from '@nestjs/common';
import { Database } from './database.js';
import { sql } from './sql.js';

export const DEMO_SEEDED = 'demo_seeded_at';

/** Installation facts (the `settings` table), cached in memory after the first read. */
@Injectable()
export class SettingsService {
  private cache?: Map<string, string>;

  constructor(private readonly database: Database) {}

  async get(key: string): Promise<string | undefined> {
    if (!this.cache) {
      const rows = await this.database.rows<{ key: string; value: string }>(
        sql`SELECT "key", "value" FROM settings`,
      );
      this.cache = new Map(rows.map((row) => [row.key, row.value]));
    }
    return this.cache.get(key);
  }

  /** Keeps a fact; inside a transaction it commits with it. */
  async set(key: string, value: string): Promise<void> {
    await this.database.run(
      sql`INSERT INTO settings ("key", "value") VALUES (${key}, ${value})
          ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"`,
    );
    this.cache?.set(key, value);
  }
}
