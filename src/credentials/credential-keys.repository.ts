import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { sql } from '../database/sql.js';
import type { CredentialKey } from './credential-key.entity.js';

/** The signing keys' public halves. */
@Injectable()
export class CredentialKeysRepository {
  constructor(private readonly database: Database) {}

  /** Every key, newest first. */
  all(): Promise<CredentialKey[]> {
    return this.database.rows<CredentialKey>(
      sql`SELECT id, key_id, public_key_multibase, created_at, retired_at FROM credential_keys ORDER BY id DESC`,
    );
  }

  one(keyId: string): Promise<CredentialKey | undefined> {
    return this.database.row<CredentialKey>(
      sql`SELECT id, key_id, public_key_multibase, created_at, retired_at FROM credential_keys WHERE key_id = ${keyId}`,
    );
  }

  /** The key that signs now, if one does. */
  async inForce(): Promise<CredentialKey | undefined> {
    return (await this.all()).find((key) => !key.retiredAt);
  }

  /** Publishes a new key and retires the others (in one transaction, by the caller). */
  async rollIn(keyId: string, publicKeyMultibase: string, at: Date): Promise<void> {
    await this.database.run(sql`UPDATE credential_keys SET retired_at = ${at} WHERE retired_at IS NULL`);
    await this.database.run(
      sql`INSERT INTO credential_keys (key_id, public_key_multibase, created_at) VALUES (${keyId}, ${publicKeyMultibase}, ${at})`,
    );
  }
}
