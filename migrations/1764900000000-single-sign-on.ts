import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

/** Single sign-on: accounts linked to an issuer's subject, and the sign-ins under way. */
export class SingleSignOn1764900000000 implements MigrationInterface {
  name = 'SingleSignOn1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'account_identities',
        columns: [
          idColumn(),
          { name: 'account_id', type: 'integer' },
          { name: 'issuer', type: 'varchar', length: '500' },
          { name: 'subject', type: 'varchar', length: '255' },
          timestampColumn(q, 'created_at'),
          timestampColumn(q, 'last_used_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_account_identities_issuer_subject',
            columnNames: ['issuer', 'subject'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_account_identities_account_id', columnNames: ['account_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_account_identities_account',
            columnNames: ['account_id'],
            referencedTableName: 'accounts',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sign_in_flows',
        columns: [
          idColumn(),
          { name: 'state_hash', type: 'varchar', length: '64' },
          { name: 'code_verifier', type: 'varchar', length: '128' },
          { name: 'nonce', type: 'varchar', length: '128' },
          { name: 'return_to', type: 'varchar', length: '2000' },
          timestampColumn(q, 'created_at'),
          timestampColumn(q, 'expires_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_sign_in_flows_state_hash',
            columnNames: ['state_hash'],
            isUnique: true,
          }),
          // Purging the abandoned ones.
          new TableIndex({ name: 'IDX_sign_in_flows_expires_at', columnNames: ['expires_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sign_in_flows');
    await q.dropTable('account_identities');
  }
}
