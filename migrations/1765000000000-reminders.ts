import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

/**
 * Reminders: each day's run, claimed by one process at a time, and each digest it queued (one per
 * person, kind and day: a second run, or a run resumed after a crash, finds it there and skips it).
 */
export class Reminders1765000000000 implements MigrationInterface {
  name = 'Reminders1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'reminder_runs',
        columns: [
          idColumn(),
          { name: 'day', type: 'date' },
          { name: 'owner', type: 'varchar', length: '64' },
          timestampColumn(q, 'started_at'),
          timestampColumn(q, 'claimed_until'),
          timestampColumn(q, 'finished_at', true),
          { name: 'learner_digests', type: 'integer', default: 0 },
          { name: 'site_digests', type: 'integer', default: 0 },
        ],
        indices: [new TableIndex({ name: 'IDX_reminder_runs_day', columnNames: ['day'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'reminders_sent',
        columns: [
          idColumn(),
          { name: 'day', type: 'date' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'staff_id', type: 'integer' },
          { name: 'mail_id', type: 'integer', isNullable: true },
          { name: 'items', type: 'integer' },
          timestampColumn(q, 'created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_reminders_sent_day_kind_staff',
            columnNames: ['day', 'kind', 'staff_id'],
            isUnique: true,
          }),
          // A person's page: the reminders they were sent.
          new TableIndex({ name: 'IDX_reminders_sent_staff_day', columnNames: ['staff_id', 'day'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_reminders_sent_staff',
            columnNames: ['staff_id'],
            referencedTableName: 'staff',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          }),
          new TableForeignKey({
            name: 'FK_reminders_sent_mail',
            columnNames: ['mail_id'],
            referencedTableName: 'mail_messages',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('reminders_sent');
    await q.dropTable('reminder_runs');
  }
}
