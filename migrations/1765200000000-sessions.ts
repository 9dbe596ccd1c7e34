import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

const toStaff = (table: string) =>
  new TableForeignKey({
    name: `FK_${table}_staff`,
    columnNames: ['staff_id'],
    referencedTableName: 'staff',
    referencedColumnNames: ['id'],
    onDelete: 'RESTRICT',
    onUpdate: 'NO ACTION',
  });

const toSession = (table: string) =>
  new TableForeignKey({
    name: `FK_${table}_session`,
    columnNames: ['session_id'],
    referencedTableName: 'training_sessions',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
    onUpdate: 'NO ACTION',
  });

/**
 * Facilitated sessions (issue 18): the schedule, who facilitates, who registered or waits (in the order
 * they asked), and who came. `program_id` waits for programs; "sessions" is the sign-in table's name.
 */
export class Sessions1765200000000 implements MigrationInterface {
  name = 'Sessions1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'training_sessions',
        columns: [
          idColumn(),
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'course_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'program_id', type: 'varchar', length: '64', isNullable: true },
          timestampColumn(q, 'starts_at'),
          timestampColumn(q, 'ends_at'),
          { name: 'location', type: 'varchar', length: '500' },
          { name: 'capacity', type: 'integer' },
          { name: 'pd_hours_x100', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'check_in_code', type: 'varchar', length: '16', isNullable: true },
          timestampColumn(q, 'created_at'),
          timestampColumn(q, 'updated_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_training_sessions_starts_at', columnNames: ['starts_at'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'session_facilitators',
        columns: [idColumn(), { name: 'session_id', type: 'integer' }, { name: 'staff_id', type: 'integer' }],
        indices: [
          new TableIndex({
            name: 'IDX_session_facilitators_session_staff',
            columnNames: ['session_id', 'staff_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_session_facilitators_staff', columnNames: ['staff_id'] }),
        ],
        foreignKeys: [toSession('session_facilitators'), toStaff('session_facilitators')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'session_registrations',
        columns: [
          idColumn(),
          { name: 'session_id', type: 'integer' },
          { name: 'staff_id', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          timestampColumn(q, 'registered_at'),
          timestampColumn(q, 'cancelled_at', true),
          { name: 'check_in_failures', type: 'integer' },
        ],
        indices: [
          new TableIndex({
            name: 'IDX_session_registrations_session_staff',
            columnNames: ['session_id', 'staff_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_session_registrations_staff', columnNames: ['staff_id'] }),
        ],
        foreignKeys: [toSession('session_registrations'), toStaff('session_registrations')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'session_attendance',
        columns: [
          idColumn(),
          { name: 'session_id', type: 'integer' },
          { name: 'staff_id', type: 'integer' },
          { name: 'source', type: 'varchar', length: '16' },
          timestampColumn(q, 'recorded_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_session_attendance_session_staff',
            columnNames: ['session_id', 'staff_id'],
            isUnique: true,
          }),
          // The transcript: one person's attended sessions.
          new TableIndex({ name: 'IDX_session_attendance_staff', columnNames: ['staff_id'] }),
        ],
        foreignKeys: [toSession('session_attendance'), toStaff('session_attendance')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('session_attendance');
    await q.dropTable('session_registrations');
    await q.dropTable('session_facilitators');
    await q.dropTable('training_sessions');
  }
}
