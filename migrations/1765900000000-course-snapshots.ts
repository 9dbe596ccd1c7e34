import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

/**
 * The last good versions of published course editions: the text files the loader read, one row per
 * edition and content hash. When an edition's files later fail the check, Hearth serves the newest.
 */
export class CourseSnapshots1765900000000 implements MigrationInterface {
  name = 'CourseSnapshots1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'course_snapshots',
        columns: [
          idColumn(),
          { name: 'course_id', type: 'varchar', length: '64' },
          { name: 'edition', type: 'varchar', length: '16' },
          { name: 'content_hash', type: 'varchar', length: '64' },
          { name: 'files', type: 'text' },
          timestampColumn(q, 'stored_at'),
          timestampColumn(q, 'good_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_course_snapshots_hash',
            columnNames: ['course_id', 'edition', 'content_hash'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('course_snapshots');
  }
}
