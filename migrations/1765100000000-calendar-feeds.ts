import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

/** Private calendar feeds: one revocable link per account, stored as its token's hash. */
export class CalendarFeeds1765100000000 implements MigrationInterface {
  name = 'CalendarFeeds1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'calendar_feeds',
        columns: [
          idColumn(),
          { name: 'account_id', type: 'integer' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          timestampColumn(q, 'created_at'),
          timestampColumn(q, 'last_read_at', true),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_calendar_feeds_account_id',
            columnNames: ['account_id'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'IDX_calendar_feeds_token_hash',
            columnNames: ['token_hash'],
            isUnique: true,
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_calendar_feeds_account',
            columnNames: ['account_id'],
            referencedTableName: 'accounts',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('calendar_feeds');
  }
}
