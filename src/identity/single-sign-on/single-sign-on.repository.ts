import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database.js';
import { sql } from '../../database/sql.js';
import { ACCOUNT_ACTIVE } from '../accounts.repository.js';
import { type Role, rolesTransformer } from '../roles.js';

/** What the callback needs of a started sign-in. */
export interface StartedFlow {
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

@Injectable()
export class SingleSignOnRepository {
  constructor(private readonly database: Database) {}

  async startFlow(stateHash: string, flow: StartedFlow, createdAt: Date, expiresAt: Date): Promise<void> {
    await this.database.run(
      sql`INSERT INTO sign_in_flows (state_hash, code_verifier, nonce, return_to, created_at, expires_at)
          VALUES (${stateHash}, ${flow.codeVerifier}, ${flow.nonce}, ${flow.returnTo}, ${createdAt}, ${expiresAt})`,
    );
  }

  /** Deletes the flow and answers it if it had not expired; a second call for one state finds nothing. */
  async consumeFlow(stateHash: string, now: Date): Promise<StartedFlow | undefined> {
    const row = await this.database.row<StartedFlow & { expiresAt: Date }>(
      sql`DELETE FROM sign_in_flows WHERE state_hash = ${stateHash}
          RETURNING code_verifier, nonce, return_to, expires_at`,
    );
    return row && row.expiresAt.getTime() > now.getTime() ? row : undefined;
  }

  /** Abandoned sign-ins (run when a new one starts, so the table stays small). */
  async purgeExpiredFlows(now: Date): Promise<void> {
    await this.database.run(sql`DELETE FROM sign_in_flows WHERE expires_at <= ${now}`);
  }

  /** The linked account's id and roles, with whether it may still sign in (its person has not left). */
  async linkedAccount(
    issuer: string,
    subject: string,
  ): Promise<{ accountId: number; roles: Role[]; active: boolean } | undefined> {
    const row = await this.database.row<{ accountId: number; roles: string; active: number | boolean }>(
      sql`SELECT a.id AS account_id, a.roles, CASE WHEN ${ACCOUNT_ACTIVE} THEN 1 ELSE 0 END AS active
            FROM account_identities i JOIN accounts a ON a.id = i.account_id
           WHERE i.issuer = ${issuer} AND i.subject = ${subject}`,
    );
    return row
      ? {
          accountId: row.accountId,
          roles: rolesTransformer.from(row.roles),
          active: Number(row.active) === 1,
        }
      : undefined;
  }

  async link(accountId: number, issuer: string, subject: string, now: Date): Promise<void> {
    await this.database.run(
      sql`INSERT INTO account_identities (account_id, issuer, subject, created_at, last_used_at)
          VALUES (${accountId}, ${issuer}, ${subject}, ${now}, ${now})`,
    );
  }

  async touch(issuer: string, subject: string, now: Date): Promise<void> {
    await this.database.run(
      sql`UPDATE account_identities SET last_used_at = ${now} WHERE issuer = ${issuer} AND subject = ${subject}`,
    );
  }

  /** Whether the account is already linked to a subject at this issuer. */
  async isLinkedAt(accountId: number, issuer: string): Promise<boolean> {
    const row = await this.database.row(
      sql`SELECT 1 AS ok FROM account_identities WHERE account_id = ${accountId} AND issuer = ${issuer}`,
    );
    return row !== undefined;
  }
}
