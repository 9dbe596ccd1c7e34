import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

/** Private reflections: one per account and module of an edition, readable by that account only. */
export class Reflections1765400000000 implements MigrationInterface {
  name = 'Reflections1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'reflections',
        columns: [
          idColumn(),
          { name: 'account_id', type: 'integer' },
          { name: 'course_id', type: 'varchar', length: '64' },
          { name: 'edition', type: 'varchar', length: '16' },
          { name: 'module_id', type: 'varchar', length: '64' },
          { name: 'body', type: 'text' },
          timestampColumn(q, 'updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_reflections_module',
            columnNames: ['account_id', 'course_id', 'edition', 'module_id'],
            isUnique: true,
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_reflections_account',
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
    await q.dropTable('reflections');
  }
}
