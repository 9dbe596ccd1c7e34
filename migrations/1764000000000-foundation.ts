import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'accounts',
        columns: [
          idColumn(),
          { name: 'email', type: 'varchar', length: '320' },
          { name: 'password_hash', type: 'varchar', length: '255', isNullable: true },
          { name: 'roles', type: 'varchar', length: '100' },
          timestampColumn(q, 'created_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_accounts_email', columnNames: ['email'], isUnique: true })],
      }),
    );

    for (const name of ['sessions', 'invitations']) {
      await q.createTable(
        new Table({
          name,
          columns: [
            idColumn(),
            { name: 'account_id', type: 'integer' },
            { name: 'token_hash', type: 'varchar', length: '64' },
            timestampColumn(q, 'created_at'),
            timestampColumn(q, 'expires_at'),
            ...(name === 'invitations' ? [timestampColumn(q, 'used_at', true)] : []),
          ],
          indices: [
            new TableIndex({ name: `IDX_${name}_token_hash`, columnNames: ['token_hash'], isUnique: true }),
            new TableIndex({ name: `IDX_${name}_account_id`, columnNames: ['account_id'] }),
          ],
          foreignKeys: [
            new TableForeignKey({
              name: `FK_${name}_account`,
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

    await q.createTable(
      new Table({
        name: 'sites',
        columns: [
          idColumn(),
          { name: 'code', type: 'varchar', length: '64' },
          { name: 'name', type: 'varchar', length: '200' },
        ],
        indices: [new TableIndex({ name: 'IDX_sites_code', columnNames: ['code'], isUnique: true })],
      }),
    );

    await q.createTable(
      new Table({
        name: 'staff',
        columns: [
          idColumn(),
          { name: 'employee_id', type: 'varchar', length: '64' },
          { name: 'account_id', type: 'integer' },
          { name: 'first_name', type: 'varchar', length: '200' },
          { name: 'last_name', type: 'varchar', length: '200' },
          { name: 'site_id', type: 'integer' },
          { name: 'job_role', type: 'varchar', length: '64' },
          { name: 'hire_date', type: 'date' },
          { name: 'status', type: 'varchar', length: '16' },
          timestampColumn(q, 'created_at'),
          timestampColumn(q, 'updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_staff_employee_id', columnNames: ['employee_id'], isUnique: true }),
          new TableIndex({ name: 'IDX_staff_account_id', columnNames: ['account_id'], isUnique: true }),
          new TableIndex({ name: 'IDX_staff_site_role', columnNames: ['site_id', 'job_role'] }),
          new TableIndex({ name: 'IDX_staff_job_role', columnNames: ['job_role'] }),
          new TableIndex({ name: 'IDX_staff_status', columnNames: ['status'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_staff_account',
            columnNames: ['account_id'],
            referencedTableName: 'accounts',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          }),
          new TableForeignKey({
            name: 'FK_staff_site',
            columnNames: ['site_id'],
            referencedTableName: 'sites',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'roster_uploads',
        columns: [
          idColumn(),
          { name: 'account_id', type: 'integer' },
          { name: 'filename', type: 'varchar', length: '255' },
          { name: 'sync', type: 'boolean' },
          { name: 'content', type: 'text' },
          timestampColumn(q, 'created_at'),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          idColumn(),
          timestampColumn(q, 'at'),
          { name: 'actor_account_id', type: 'integer', isNullable: true },
          { name: 'actor_email', type: 'varchar', length: '320', isNullable: true },
          { name: 'action', type: 'varchar', length: '64' },
          { name: 'target', type: 'varchar', length: '200', isNullable: true },
          { name: 'details', type: 'text', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'IDX_audit_entries_at', columnNames: ['at'] }),
          new TableIndex({ name: 'IDX_audit_entries_action', columnNames: ['action'] }),
          new TableIndex({ name: 'IDX_audit_entries_actor', columnNames: ['actor_account_id'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'settings',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'text' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of [
      'settings',
      'audit_entries',
      'roster_uploads',
      'staff',
      'sites',
      'invitations',
      'sessions',
      'accounts',
    ]) {
      await q.dropTable(name);
    }
  }
}
