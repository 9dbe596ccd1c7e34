import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableCheck,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

const restrict = (name: string, column: string, table: string) =>
  new TableForeignKey({
    name,
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete: 'RESTRICT',
    onUpdate: 'NO ACTION',
  });

/** Exactly one holder: a staff member or a community learner. */
const ONE_HOLDER = '(staff_id IS NULL) <> (community_learner_id IS NULL)';

/**
 * Community cohorts: people who are not employees join a cohort with its code and learn its courses.
 * They get no staff row; their assignments and certificates name a community learner instead, so every
 * query that joins `staff` leaves them out. On SQLite, making `staff_id` nullable rebuilds `assignments`
 * and `certificates`; TypeORM turns foreign keys off while migrations run, so nothing cascades.
 */
export class Cohorts1765600000000 implements MigrationInterface {
  name = 'Cohorts1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'cohorts',
        columns: [
          idColumn(),
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'code', type: 'varchar', length: '16' },
          { name: 'course_ids', type: 'varchar', length: '2000' },
          { name: 'closes_on', type: 'date' },
          timestampColumn(q, 'closed_at', true),
          { name: 'created_by_account_id', type: 'integer', isNullable: true },
          timestampColumn(q, 'created_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_cohorts_code', columnNames: ['code'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'community_learners',
        columns: [
          idColumn(),
          { name: 'account_id', type: 'integer' },
          { name: 'cohort_id', type: 'integer' },
          { name: 'first_name', type: 'varchar', length: '200' },
          { name: 'last_name', type: 'varchar', length: '200' },
          timestampColumn(q, 'created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_community_learners_account',
            columnNames: ['account_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_community_learners_cohort', columnNames: ['cohort_id'] }),
        ],
        foreignKeys: [
          restrict('FK_community_learners_account', 'account_id', 'accounts'),
          restrict('FK_community_learners_cohort', 'cohort_id', 'cohorts'),
        ],
      }),
    );
    for (const table of ['assignments', 'certificates']) {
      await q.changeColumn(
        table,
        'staff_id',
        new TableColumn({ name: 'staff_id', type: 'integer', isNullable: true }),
      );
      await q.addColumn(
        table,
        new TableColumn({ name: 'community_learner_id', type: 'integer', isNullable: true }),
      );
      await q.createForeignKey(
        table,
        restrict(`FK_${table}_community_learner`, 'community_learner_id', 'community_learners'),
      );
    }
    await q.createIndex(
      'assignments',
      new TableIndex({
        name: 'IDX_assignments_learner_course_edition',
        columnNames: ['community_learner_id', 'course_id', 'edition'],
        isUnique: true,
      }),
    );
    await q.createIndex(
      'certificates',
      new TableIndex({ name: 'IDX_certificates_community_learner', columnNames: ['community_learner_id'] }),
    );
    await q.createCheckConstraint(
      'assignments',
      new TableCheck({ name: 'CHK_assignments_holder', expression: ONE_HOLDER }),
    );
    await q.createCheckConstraint(
      'certificates',
      new TableCheck({ name: 'CHK_certificates_holder', expression: ONE_HOLDER }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // A community learner's records have no staff row to fall back on: they go with the feature.
    await q.query('DELETE FROM certificates WHERE community_learner_id IS NOT NULL');
    await q.query(
      'DELETE FROM module_progress WHERE assignment_id IN (SELECT id FROM assignments WHERE community_learner_id IS NOT NULL)',
    );
    await q.query(
      'DELETE FROM quiz_choices WHERE attempt_id IN (SELECT qa.id FROM quiz_attempts qa JOIN assignments a ON a.id = qa.assignment_id WHERE a.community_learner_id IS NOT NULL)',
    );
    await q.query(
      'DELETE FROM quiz_attempts WHERE assignment_id IN (SELECT id FROM assignments WHERE community_learner_id IS NOT NULL)',
    );
    await q.query('DELETE FROM assignments WHERE community_learner_id IS NOT NULL');
    for (const table of ['certificates', 'assignments']) {
      await q.dropCheckConstraint(table, `CHK_${table}_holder`);
      await q.dropForeignKey(table, `FK_${table}_community_learner`);
    }
    await q.dropIndex('certificates', 'IDX_certificates_community_learner');
    await q.dropIndex('assignments', 'IDX_assignments_learner_course_edition');
    for (const table of ['certificates', 'assignments']) {
      await q.dropColumn(table, 'community_learner_id');
      await q.changeColumn(
        table,
        'staff_id',
        new TableColumn({ name: 'staff_id', type: 'integer', isNullable: false }),
      );
    }
    await q.dropTable('community_learners');
    await q.dropTable('cohorts');
  }
}
