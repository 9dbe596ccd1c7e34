import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/**
 * Anonymous surveys. `survey_answers` holds one row per statement answered, with nothing of the person
 * but their site and job role: no account, no staff or assignment id, no time (the edition is the
 * period), and a random key. On SQLite it is a WITHOUT ROWID table, so that no hidden rowid keeps the
 * order the rows were written in. `survey_marks` says only that a person answered or skipped a phase.
 */
export class Surveys1765500000000 implements MigrationInterface {
  name = 'Surveys1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'survey_answers',
        withoutRowid: true,
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'course_id', type: 'varchar', length: '64' },
          { name: 'edition', type: 'varchar', length: '16' },
          { name: 'phase', type: 'varchar', length: '4' },
          { name: 'site_code', type: 'varchar', length: '64' },
          { name: 'job_role', type: 'varchar', length: '64' },
          { name: 'item_id', type: 'varchar', length: '64' },
          { name: 'value', type: 'integer' },
        ],
        indices: [
          new TableIndex({
            name: 'IDX_survey_answers_edition',
            columnNames: ['course_id', 'edition', 'phase', 'item_id'],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'survey_marks',
        columns: [
          { name: 'account_id', type: 'integer', isPrimary: true },
          { name: 'course_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'edition', type: 'varchar', length: '16', isPrimary: true },
          { name: 'phase', type: 'varchar', length: '4', isPrimary: true },
          { name: 'status', type: 'varchar', length: '8' },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_survey_marks_account',
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
    await q.dropTable('survey_marks');
    await q.dropTable('survey_answers');
  }
}
