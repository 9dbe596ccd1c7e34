import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { timestampColumn } from './portable.js';

/**
 * The sign-in throttle's counters move from each process's memory to the database, so that several
 * instances count one budget: a name (`account:` an e-mail, or `address:` a client address), its failures in the
 * current window, and when the window ends.
 */
export class SharedSignIn1764700000000 implements MigrationInterface {
  name = 'SharedSignIn1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'sign_in_failures',
        columns: [
          { name: 'name', type: 'varchar', length: '400', isPrimary: true },
          { name: 'failures', type: 'integer' },
          timestampColumn(q, 'reset_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_sign_in_failures_reset_at', columnNames: ['reset_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sign_in_failures');
  }
}
