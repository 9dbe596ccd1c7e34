import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

export class Certificates1764200000000 implements MigrationInterface {
  name = 'Certificates1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'certificates',
        columns: [
          idColumn(),
          { name: 'serial', type: 'varchar', length: '20' },
          { name: 'assignment_id', type: 'integer' },
          { name: 'staff_id', type: 'integer' },
          { name: 'holder_name', type: 'varchar', length: '401' },
          { name: 'course_id', type: 'varchar', length: '64' },
          { name: 'course_title', type: 'varchar', length: '200' },
          { name: 'edition', type: 'varchar', length: '16' },
          { name: 'pd_hours_x100', type: 'integer' },
          timestampColumn(q, 'completed_at'),
          { name: 'content_hash', type: 'varchar', length: '64' },
          timestampColumn(q, 'revoked_at', true),
          { name: 'revoked_reason', type: 'varchar', length: '500', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'IDX_certificates_serial', columnNames: ['serial'], isUnique: true }),
          new TableIndex({
            name: 'IDX_certificates_assignment',
            columnNames: ['assignment_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_certificates_course_edition', columnNames: ['course_id', 'edition'] }),
          new TableIndex({ name: 'IDX_certificates_staff', columnNames: ['staff_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_certificates_assignment',
            columnNames: ['assignment_id'],
            referencedTableName: 'assignments',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('certificates');
  }
}
