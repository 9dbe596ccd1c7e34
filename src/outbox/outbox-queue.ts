import type { Database } from '../database/database.js';
import { empty, join, raw, sql } from '../database/sql.js';

/** What a sender needs of every item it takes. */
export interface Claimed {
  id: number;
  attempts: number;
}

/** An outbox table: its name, the columns a sender reads, and those erased once an item is sent. */
export interface OutboxTable {
  table: string;
  select: string[];
  eraseWhenSent: string[];
}

/**
 * The delivery bookkeeping every outbox table shares (mail_messages, xapi_statements): each has `status`
 * (pending, held, sent, failed), `attempts`, `next_attempt_at`, `claimed_until`, `last_error` and
 * `sent_at`. A sender claims due items under a lease, so on PostgreSQL two instances never take the same
 * one, and a crashed sender's items are taken again once the lease runs out.
 */
export class OutboxQueue<T extends Claimed> {
  private readonly table;
  private readonly select;
  private readonly erase;

  constructor(
    protected readonly database: Database,
    spec: OutboxTable,
  ) {
    this.table = raw(spec.table);
    this.select = raw(['id', 'attempts', ...spec.select].join(', '));
    this.erase = raw(spec.eraseWhenSent.map((column) => `${column} = NULL, `).join(''));
  }

  /** Held items go out once their peer is configured. */
  releaseHeld(): Promise<number> {
    return this.database.run(sql`UPDATE ${this.table} SET status = 'pending' WHERE status = 'held'`);
  }

  /** SQLite: this process is the only sender, so any lease left is a crashed run's. */
  releaseAllLeases(): Promise<number> {
    return this.database.run(
      sql`UPDATE ${this.table} SET claimed_until = NULL WHERE status = 'pending' AND claimed_until IS NOT NULL`,
    );
  }

  /** Due pending items, leased until `until`; on PostgreSQL two senders never take the same one. */
  claim(now: Date, until: Date, limit: number): Promise<T[]> {
    const lock = this.database.lockRows;
    const skipLocked = lock === empty ? empty : sql`${lock} SKIP LOCKED`;
    return this.database.transaction(async () => {
      const due = await this.database.rows<T>(sql`
        SELECT ${this.select} FROM ${this.table}
        WHERE status = 'pending' AND next_attempt_at <= ${now}
          AND (claimed_until IS NULL OR claimed_until < ${now})
        ORDER BY next_attempt_at, id
        LIMIT ${limit} ${skipLocked}`);
      if (due.length === 0) return [];
      await this.database.run(
        sql`UPDATE ${this.table} SET claimed_until = ${until} WHERE id IN (${join(due.map((m) => m.id))})`,
      );
      return due;
    });
  }

  async markSent(id: number, now: Date): Promise<void> {
    await this.database.run(sql`
      UPDATE ${this.table} SET status = 'sent', sent_at = ${now}, claimed_until = NULL, ${this.erase}
        last_error = NULL, attempts = attempts + 1
      WHERE id = ${id}`);
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.database.run(sql`
      UPDATE ${this.table} SET status = 'failed', claimed_until = NULL, last_error = ${error},
        attempts = attempts + 1
      WHERE id = ${id}`);
  }

  async retryLater(id: number, error: string, at: Date): Promise<void> {
    await this.database.run(sql`
      UPDATE ${this.table} SET claimed_until = NULL, last_error = ${error}, attempts = attempts + 1,
        next_attempt_at = ${at}
      WHERE id = ${id}`);
  }

  /** An outage is not the items' fault: they go back untouched. */
  async release(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.database.run(
      sql`UPDATE ${this.table} SET claimed_until = NULL WHERE id IN (${join(ids)}) AND status = 'pending'`,
    );
  }

  /** How many items are in each state (for admins and the health check). */
  async counts(): Promise<Record<string, number>> {
    const rows = await this.database.rows<{ status: string; count: number }>(
      sql`SELECT status, COUNT(*) AS count FROM ${this.table} GROUP BY status`,
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }
}
