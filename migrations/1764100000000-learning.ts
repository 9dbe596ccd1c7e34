import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

const cascadeTo = (name: string, column: string, table: string) =>
  new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
    onUpdate: 'NO ACTION',
  });

export class Learning1764100000000 implements MigrationInterface {
  name = 'Learning1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('staff', new TableColumn({ name: 'changed_on', type: 'date', isNullable: true }));

    await q.createTable(
      new Table({
        name: 'assignments',
        columns: [
          idColumn(),
          { name: 'staff_id', type: 'integer' },
          { name: 'course_id', type: 'varchar', length: '64' },
          { name: 'edition', type: 'varchar', length: '16' },
          { name: 'due_date', type: 'date' },
          { name: 'exempt_source', type: 'varchar', length: '16', isNullable: true },
          { name: 'exempt_reason', type: 'varchar', length: '500', isNullable: true },
          { name: 'withdrawn_on', type: 'date', isNullable: true },
          timestampColumn(q, 'started_at', true),
          timestampColumn(q, 'attested_at', true),
          timestampColumn(q, 'completed_at', true),
          { name: 'content_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'quiz_score', type: 'integer', isNullable: true },
          timestampColumn(q, 'created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_assignments_staff_course_edition',
            columnNames: ['staff_id', 'course_id', 'edition'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'IDX_assignments_course_edition_due',
            columnNames: ['course_id', 'edition', 'due_date'],
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_assignments_staff',
            columnNames: ['staff_id'],
            referencedTableName: 'staff',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'module_progress',
        columns: [
          idColumn(),
          { name: 'assignment_id', type: 'integer' },
          { name: 'module_id', type: 'varchar', length: '64' },
          { name: 'content_hash', type: 'varchar', length: '64' },
          timestampColumn(q, 'completed_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_module_progress_assignment_module',
            columnNames: ['assignment_id', 'module_id'],
            isUnique: true,
          }),
        ],
        foreignKeys: [cascadeTo('FK_module_progress_assignment', 'assignment_id', 'assignments')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'quiz_attempts',
        columns: [
          idColumn(),
          { name: 'assignment_id', type: 'integer' },
          { name: 'number', type: 'integer' },
          { name: 'score', type: 'integer' },
          { name: 'passed', type: 'boolean' },
          { name: 'content_hash', type: 'varchar', length: '64' },
          timestampColumn(q, 'submitted_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_quiz_attempts_assignment_number',
            columnNames: ['assignment_id', 'number'],
            isUnique: true,
          }),
        ],
        foreignKeys: [cascadeTo('FK_quiz_attempts_assignment', 'assignment_id', 'assignments')],
      }),
    );

    await q.createTable(
      new Table({
        name: 'quiz_choices',
        columns: [
          idColumn(),
          { name: 'attempt_id', type: 'integer' },
          { name: 'question_id', type: 'varchar', length: '64' },
          { name: 'option_id', type: 'varchar', length: '64' },
          { name: 'question_correct', type: 'boolean' },
        ],
        indices: [
          new TableIndex({ name: 'IDX_quiz_choices_attempt', columnNames: ['attempt_id'] }),
          new TableIndex({ name: 'IDX_quiz_choices_question', columnNames: ['question_id'] }),
        ],
        foreignKeys: [cascadeTo('FK_quiz_choices_attempt', 'attempt_id', 'quiz_attempts')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['quiz_choices', 'quiz_attempts', 'module_progress', 'assignments'])
      await q.dropTable(name);
    await q.dropColumn('staff', 'changed_on');
  }
}
