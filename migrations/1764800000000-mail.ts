import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

/** The mail outbox: every message is written here with the change that causes it, then sent. */
export class MailOutbox1764800000000 implements MigrationInterface {
  name = 'MailOutbox1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'mail_messages',
        columns: [
          idColumn(),
          { name: 'message_id', type: 'varchar', length: '320' },
          { name: 'kind', type: 'varchar', length: '64' },
          { name: 'to_address', type: 'varchar', length: '320' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'text_body', type: 'text', isNullable: true },
          { name: 'html_body', type: 'text', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer', default: 0 },
          timestampColumn(q, 'next_attempt_at'),
          timestampColumn(q, 'claimed_until', true),
          { name: 'last_error', type: 'varchar', length: '300', isNullable: true },
          timestampColumn(q, 'discard_after', true),
          timestampColumn(q, 'created_at'),
          timestampColumn(q, 'sent_at', true),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_mail_messages_message_id',
            columnNames: ['message_id'],
            isUnique: true,
          }),
          // The sender's claim: due pending messages.
          new TableIndex({ name: 'IDX_mail_messages_due', columnNames: ['status', 'next_attempt_at'] }),
          new TableIndex({ name: 'IDX_mail_messages_created', columnNames: ['created_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('mail_messages');
  }
}
