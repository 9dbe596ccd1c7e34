import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

/** Follow-ups marked done: one row per completed assignment and follow-up of its edition. */
export class FollowUps1765450000000 implements MigrationInterface {
  name = 'FollowUps1765450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'followups_done',
        columns: [
          idColumn(),
          { name: 'assignment_id', type: 'integer' },
          { name: 'followup_id', type: 'varchar', length: '64' },
          timestampColumn(q, 'done_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_followups_done_assignment',
            columnNames: ['assignment_id', 'followup_id'],
            isUnique: true,
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_followups_done_assignment',
            columnNames: ['assignment_id'],
            referencedTableName: 'assignments',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('followups_done');
  }
}
