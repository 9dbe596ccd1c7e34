import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

/**
 * The xAPI outbox: a statement is written here with the change it reports (one per event, by
 * `event_key`), then sent to the learning record store, with the mail outbox's delivery bookkeeping.
 */
export class XapiStatements1765850000000 implements MigrationInterface {
  name = 'XapiStatements1765850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'xapi_statements',
        columns: [
          idColumn(),
          { name: 'statement_id', type: 'varchar', length: '36' },
          { name: 'event_key', type: 'varchar', length: '200' },
          { name: 'verb', type: 'varchar', length: '32' },
          { name: 'statement', type: 'text', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer', default: 0 },
          timestampColumn(q, 'next_attempt_at'),
          timestampColumn(q, 'claimed_until', true),
          { name: 'last_error', type: 'varchar', length: '300', isNullable: true },
          timestampColumn(q, 'created_at'),
          timestampColumn(q, 'sent_at', true),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_xapi_statements_statement_id',
            columnNames: ['statement_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_xapi_statements_event', columnNames: ['event_key'], isUnique: true }),
          // The sender's claim: due pending statements.
          new TableIndex({ name: 'IDX_xapi_statements_due', columnNames: ['status', 'next_attempt_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('xapi_statements');
  }
}
