import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * From here on, PostgreSQL keeps moments as UTC, like SQLite always has (see `keepPostgresTimesInUtc`).
 * Moments already written are the server's wall-clock time: they are moved from the time zone this
 * process runs in (TZ, as the server that wrote them ran) to UTC. SQLite has nothing to move, and under
 * UTC neither has PostgreSQL.
 */
export class UtcTimes1764400000000 implements MigrationInterface {
  name = 'UtcTimes1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await this.move(q, 'from');
  }

  async down(q: QueryRunner): Promise<void> {
    await this.move(q, 'to');
  }

  private async move(q: QueryRunner, direction: 'from' | 'to'): Promise<void> {
    if (q.connection.driver.options.type !== 'postgres') return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone === 'UTC' || zone === 'Etc/UTC') return;
    const columns = (await q.query(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND data_type = 'timestamp without time zone'
       ORDER BY table_name, column_name`,
    )) as { table_name: string; column_name: string }[];
    const [source, target] = direction === 'from' ? ['$1', `'UTC'`] : [`'UTC'`, '$1'];
    for (const { table_name: table, column_name: column } of columns) {
      const name = `"${column.replaceAll('"', '""')}"`;
      await q.query(
        `UPDATE "${table.replaceAll('"', '""')}" SET ${name} = (${name} AT TIME ZONE ${source}) AT TIME ZONE ${target}
         WHERE ${name} IS NOT NULL`,
        [zone],
      );
    }
  }
}
