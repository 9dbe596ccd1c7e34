import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { idColumn, timestampColumn } from './portable.js';

/**
 * The public halves of the keys that sign Open Badges credentials, every one ever used: a credential
 * signed with a key rolled out since still verifies. The private halves are never in the database.
 */
export class CredentialKeys1765700000000 implements MigrationInterface {
  name = 'CredentialKeys1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'credential_keys',
        columns: [
          idColumn(),
          { name: 'key_id', type: 'varchar', length: '64' },
          { name: 'public_key_multibase', type: 'varchar', length: '128' },
          timestampColumn(q, 'created_at'),
          timestampColumn(q, 'retired_at', true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_credential_keys_key_id', columnNames: ['key_id'], isUnique: true }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('credential_keys');
  }
}
