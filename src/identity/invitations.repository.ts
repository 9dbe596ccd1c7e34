import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { sql } from '../database/sql.js';
import { toAccount } from './accounts.repository.js';
import type { Account } from './account.entity.js';
import type { Invitation } from './invitation.entity.js';

@Injectable()
export class InvitationsRepository {
  constructor(private readonly database: Database) {}

  /** A new link for the account; its earlier unused links stop working. */
  async replaceUnused(accountId: number, tokenHash: string, createdAt: Date, expiresAt: Date): Promise<void> {
    await this.database.run(sql`DELETE FROM invitations WHERE account_id = ${accountId} AND used_at IS NULL`);
    await this.database.run(
      sql`INSERT INTO invitations (account_id, token_hash, created_at, expires_at, used_at)
          VALUES (${accountId}, ${tokenHash}, ${createdAt}, ${expiresAt}, NULL)`,
    );
  }

  /** The invitation behind a token's hash, with its account. */
  async withAccount(tokenHash: string): Promise<{ invitation: Invitation; account: Account } | undefined> {
    const row = await this.database.row(
      sql`SELECT i.id AS invitation_id, i.expires_at, i.used_at, i.created_at AS invited_at, i.token_hash,
                 a.id, a.email, a.password_hash, a.roles, a.created_at
            FROM invitations i JOIN accounts a ON a.id = i.account_id
           WHERE i.token_hash = ${tokenHash}`,
    );
    if (!row) return undefined;
    const account = toAccount(row);
    return {
      invitation: {
        id: row.invitationId as number,
        accountId: account.id,
        tokenHash: row.tokenHash as string,
        createdAt: row.invitedAt as Date,
        expiresAt: row.expiresAt as Date,
        usedAt: row.usedAt as Date | null,
      },
      account,
    };
  }

  /** Spends an unused invitation; false when another request spent it first. */
  async spend(id: number, at: Date): Promise<boolean> {
    return (
      (await this.database.run(
        sql`UPDATE invitations SET used_at = ${at} WHERE id = ${id} AND used_at IS NULL`,
      )) > 0
    );
  }
}
