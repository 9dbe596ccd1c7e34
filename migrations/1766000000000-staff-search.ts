import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { staffSearchText } from '../src/staff/staff-search.js';

/** Rows per UPDATE of the backfill: 3 bound values each, far below SQLite's and PostgreSQL's limits. */
const BATCH = 1000;

/**
 * `staff.search_text`: each person's last name, first name, employee id and e-mail folded for searching
 * (accents and case aside), indexed, so the staff search compares stored text on SQLite and PostgreSQL
 * alike and sorts by name without a function per row. Backfilled here for everyone already on the
 * roster; every later write stores it with the row.
 */
export class StaffSearch1766000000000 implements MigrationInterface {
  name = 'StaffSearch1766000000000';

  async up(q: QueryRunner): Promise<void> {
    // Added with a default (the table may have rows), filled, then the default taken away: a write
    // that forgot the column fails instead of storing someone nobody can find.
    await q.addColumn(
      'staff',
      new TableColumn({ name: 'search_text', type: 'varchar', length: '1000', default: "''" }),
    );
    let after = 0;
    for (;;) {
      const rows = (await q.query(
        `SELECT s.id, s.first_name, s.last_name, s.employee_id, a.email
           FROM staff s JOIN accounts a ON a.id = s.account_id
          WHERE s.id > ${after} ORDER BY s.id LIMIT ${BATCH}`,
      )) as { id: number; first_name: string; last_name: string; employee_id: string; email: string }[];
      if (rows.length === 0) break;
      const postgres = q.connection.driver.options.type === 'postgres';
      const at = (n: number) => (postgres ? `$${n}` : '?');
      const values = rows.map((_, i) => `(CAST(${at(2 * i + 1)} AS INTEGER), ${at(2 * i + 2)})`).join(', ');
      await q.query(
        `UPDATE staff SET search_text = v.column2 FROM (VALUES ${values}) AS v WHERE staff.id = v.column1`,
        rows.flatMap((row) => [
          row.id,
          staffSearchText({
            firstName: row.first_name,
            lastName: row.last_name,
            employeeId: row.employee_id,
            email: row.email,
          }),
        ]),
      );
      after = Number(rows[rows.length - 1].id);
    }
    await q.changeColumn(
      'staff',
      'search_text',
      new TableColumn({ name: 'search_text', type: 'varchar', length: '1000' }),
    );
    await q.createIndex(
      'staff',
      new TableIndex({ name: 'IDX_staff_search_text', columnNames: ['search_text'] }),
    );
    // Filtered or sorted by job role or status, and by site name: each in name order from an index.
    for (const column of ['job_role', 'status']) {
      await q.dropIndex('staff', `IDX_staff_${column}`);
      await q.createIndex(
        'staff',
        new TableIndex({ name: `IDX_staff_${column}`, columnNames: [column, 'search_text'] }),
      );
    }
    await q.createIndex('sites', new TableIndex({ name: 'IDX_sites_name', columnNames: ['name', 'code'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('sites', 'IDX_sites_name');
    for (const column of ['job_role', 'status']) {
      await q.dropIndex('staff', `IDX_staff_${column}`);
      await q.createIndex('staff', new TableIndex({ name: `IDX_staff_${column}`, columnNames: [column] }));
    }
    await q.dropIndex('staff', 'IDX_staff_search_text');
    await q.dropColumn('staff', 'search_text');
  }
}
