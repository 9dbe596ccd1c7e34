import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each exemption began, so a report as of a past date knows who was exempt then. Plain
 * `ALTER TABLE` (valid on SQLite and PostgreSQL alike) rather than `addColumn`: TypeORM rebuilds a SQLite
 * table to add a column, and dropping the old `assignments` would cascade to progress and certificates.
 */
export class Reports1764300000000 implements MigrationInterface {
  name = 'Reports1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE assignments ADD COLUMN exempt_on date NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE assignments DROP COLUMN exempt_on');
  }
}
