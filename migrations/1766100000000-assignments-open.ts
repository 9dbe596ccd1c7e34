import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * `assignments (completed_at, due_date)`: the overdue list and its count, and a report filtered by a
 * status, find the assignments not finished by a day (completed_at IS NULL, or later) due before it
 * from this index instead of reading every assignment (at 200,000 staff, 400,000 of them).
 */
export class AssignmentsOpen1766100000000 implements MigrationInterface {
  name = 'AssignmentsOpen1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'assignments',
      new TableIndex({ name: 'IDX_assignments_completed_due', columnNames: ['completed_at', 'due_date'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('assignments', 'IDX_assignments_completed_due');
  }
}
