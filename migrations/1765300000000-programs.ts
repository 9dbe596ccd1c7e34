import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

/**
 * Programs: who is enrolled in which program edition (by HR, or by its audience once they act on it),
 * their practicum and their completion; and certificates that a program completion issues, so a
 * certificate belongs to an assignment or to a program enrolment. Nothing references certificates, so
 * rebuilding it on SQLite (to let `assignment_id` be empty) cascades to nothing.
 */
export class Programs1765300000000 implements MigrationInterface {
  name = 'Programs1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'program_enrolments',
        columns: [
          idColumn(),
          { name: 'program_id', type: 'varchar', length: '64' },
          { name: 'edition', type: 'varchar', length: '16' },
          { name: 'staff_id', type: 'integer' },
          { name: 'source', type: 'varchar', length: '16' },
          timestampColumn(q, 'enrolled_at'),
          timestampColumn(q, 'practicum_at', true),
          timestampColumn(q, 'completed_at', true),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_program_enrolments_person',
            columnNames: ['program_id', 'edition', 'staff_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_program_enrolments_staff', columnNames: ['staff_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_program_enrolments_staff',
            columnNames: ['staff_id'],
            referencedTableName: 'staff',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
    await q.changeColumn(
      'certificates',
      'assignment_id',
      new TableColumn({ name: 'assignment_id', type: 'integer', isNullable: true }),
    );
    await q.addColumn(
      'certificates',
      new TableColumn({ name: 'program_enrolment_id', type: 'integer', isNullable: true }),
    );
    await q.createIndex(
      'certificates',
      new TableIndex({
        name: 'IDX_certificates_program_enrolment',
        columnNames: ['program_enrolment_id'],
        isUnique: true,
      }),
    );
    await q.createForeignKey(
      'certificates',
      new TableForeignKey({
        name: 'FK_certificates_program_enrolment',
        columnNames: ['program_enrolment_id'],
        referencedTableName: 'program_enrolments',
        referencedColumnNames: ['id'],
        onDelete: 'RESTRICT',
        onUpdate: 'NO ACTION',
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM certificates WHERE program_enrolment_id IS NOT NULL');
    await q.dropForeignKey('certificates', 'FK_certificates_program_enrolment');
    await q.dropIndex('certificates', 'IDX_certificates_program_enrolment');
    await q.dropColumn('certificates', 'program_enrolment_id');
    await q.changeColumn(
      'certificates',
      'assignment_id',
      new TableColumn({ name: 'assignment_id', type: 'integer', isNullable: false }),
    );
    await q.dropTable('program_enrolments');
  }
}
