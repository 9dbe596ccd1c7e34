import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { join, sql } from '../database/sql.js';
import { ACCOUNT_ACTIVE } from './accounts.repository.js';
import { type Role, rolesTransformer } from './roles.js';
import { leadsSite } from './site-leader.js';

/** A session as a request sees it: whose it is and until when. */
export interface SessionHolder {
  sessionId: number;
  accountId: number;
  email: string;
  roles: Role[];
  expiresAt: Date;
  /** Whether the account leads a site (for the navigation; access to a site asks again). */
  leadsSite: boolean;
  /** Whether the account is a community learner's (for the navigation: no staff-only pages). */
  community: boolean;
}

@Injectable()
export class SessionsRepository {
  constructor(private readonly database: Database) {}

  async open(accountId: number, tokenHash: string, createdAt: Date, expiresAt: Date): Promise<void> {
    await this.database.run(
      sql`INSERT INTO sessions (account_id, token_hash, created_at, expires_at)
          VALUES (${accountId}, ${tokenHash}, ${createdAt}, ${expiresAt})`,
    );
  }

  /** The session behind a token's hash, if its account may still act (expired ones too: the caller decides). */
  async holderOf(tokenHash: string): Promise<SessionHolder | undefined> {
    const row = await this.database.row<{
      id: number;
      accountId: number;
      email: string;
      roles: string;
      expiresAt: Date;
      leadsSite: boolean | number;
      community: boolean | number;
    }>(
      // The leader test rides on this lookup (staff.account_id is a unique index) rather than costing
      // every page a query of its own.
      sql`SELECT s.id, s.account_id, s.expires_at, a.email, a.roles,
                 EXISTS (SELECT 1 FROM staff st WHERE st.account_id = a.id AND ${leadsSite('st')}) AS leads_site,
                 EXISTS (SELECT 1 FROM community_learners cl WHERE cl.account_id = a.id) AS community
            FROM sessions s JOIN accounts a ON a.id = s.account_id
           WHERE s.token_hash = ${tokenHash} AND ${ACCOUNT_ACTIVE}`,
    );
    if (!row) return undefined;
    return {
      sessionId: row.id,
      accountId: row.accountId,
      email: row.email,
      roles: rolesTransformer.from(row.roles),
      expiresAt: row.expiresAt,
      // SQLite answers EXISTS with 1 or 0, PostgreSQL with a boolean.
      leadsSite: Boolean(row.leadsSite),
      community: Boolean(row.community),
    };
  }

  async close(sessionId: number): Promise<void> {
    await this.database.run(sql`DELETE FROM sessions WHERE id = ${sessionId}`);
  }

  /** Ends every session of these accounts. */
  async closeForAccounts(accountIds: number[]): Promise<void> {
    if (accountIds.length === 0) return;
    await this.database.run(sql`DELETE FROM sessions WHERE account_id IN (${join(accountIds)})`);
  }

  async closeExpired(now: Date): Promise<void> {
    await this.database.run(sql`DELETE FROM sessions WHERE expires_at < ${now}`);
  }

  /** How many sessions this account has open. */
  async countFor(accountId: number): Promise<number> {
    const row = await this.database.row<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM sessions WHERE account_id = ${accountId}`,
    );
    return row?.n ?? 0;
  }
}
