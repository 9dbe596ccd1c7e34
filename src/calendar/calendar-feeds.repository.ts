import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { sql } from '../database/sql.js';
import { ACCOUNT_ACTIVE } from '../identity/accounts.repository.js';

export interface FeedState {
  createdAt: Date;
  lastReadAt: Date | null;
}

@Injectable()
export class CalendarFeedsRepository {
  constructor(private readonly database: Database) {}

  /** The account's feed, if it has one. */
  ofAccount(accountId: number): Promise<FeedState | undefined> {
    return this.database.row<FeedState>(
      sql`SELECT created_at, last_read_at FROM calendar_feeds WHERE account_id = ${accountId}`,
    );
  }

  /** A new link for the account, in place of any earlier one (whose hash then matches nothing). */
  async replace(accountId: number, tokenHash: string, at: Date): Promise<void> {
    await this.database.run(
      sql`INSERT INTO calendar_feeds (account_id, token_hash, created_at, last_read_at)
          VALUES (${accountId}, ${tokenHash}, ${at}, NULL)
          ON CONFLICT (account_id) DO UPDATE SET
            token_hash = excluded.token_hash, created_at = excluded.created_at, last_read_at = NULL`,
    );
  }

  /** Turns the account's feed off; false when it had none. */
  async remove(accountId: number): Promise<boolean> {
    return (await this.database.run(sql`DELETE FROM calendar_feeds WHERE account_id = ${accountId}`)) > 0;
  }

  /** The feed behind a token's hash, while its account may still sign in (people who left get nothing). */
  byTokenHash(tokenHash: string): Promise<{ id: number; accountId: number } | undefined> {
    return this.database.row(
      sql`SELECT f.id, f.account_id FROM calendar_feeds f JOIN accounts a ON a.id = f.account_id
           WHERE f.token_hash = ${tokenHash} AND ${ACCOUNT_ACTIVE}`,
    );
  }

  /** Notes a read, unless one was noted since `unlessSince` (calendar apps poll: one write a minute at most). */
  async markRead(id: number, at: Date, unlessSince: Date): Promise<void> {
    await this.database.run(
      sql`UPDATE calendar_feeds SET last_read_at = ${at}
           WHERE id = ${id} AND (last_read_at IS NULL OR last_read_at < ${unlessSince})`,
    );
  }
}
