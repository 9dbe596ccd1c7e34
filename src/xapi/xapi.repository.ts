import { Injectable } from '@nestjs/common';
import type { Holder } from '../learning/holder.js';
import { Database } from '../database/database.js';
import { sql } from '../database/sql.js';
import { OutboxQueue } from '../outbox/outbox-queue.js';

export interface NewStatement {
  statementId: string;
  eventKey: string;
  verb: string;
  statement: string;
}

export interface ClaimedStatement {
  id: number;
  attempts: number;
  statementId: string;
  statement: string | null;
}

/** The xAPI outbox's table; the delivery bookkeeping (claim, lease, retry) is every outbox's. */
@Injectable()
export class XapiRepository extends OutboxQueue<ClaimedStatement> {
  constructor(database: Database) {
    super(database, {
      table: 'xapi_statements',
      select: ['statement_id', 'statement'],
      // The store keeps the statement; the table keeps only that it was sent.
      eraseWhenSent: ['statement'],
    });
  }

  /** New statements; one already written for the same event is left as it is. */
  async insert(statements: NewStatement[], now: Date): Promise<void> {
    if (statements.length === 0) return;
    await this.database.insertRows(
      'xapi_statements',
      [
        'statement_id',
        'event_key',
        'verb',
        'statement',
        'status',
        'attempts',
        'next_attempt_at',
        'created_at',
      ],
      statements.map((s) => [s.statementId, s.eventKey, s.verb, s.statement, 'pending', 0, now, now]),
      sql`ON CONFLICT (event_key) DO NOTHING`,
    );
  }

  /** What statements may name a person by: the employee id (staff only) and the account's e-mail. */
  identityOf(holder: Holder): Promise<{ employeeId: string | null; email: string } | undefined> {
    if (holder.staffId !== null)
      return this.database.row(sql`
        SELECT s.employee_id, a.email FROM staff s JOIN accounts a ON a.id = s.account_id
        WHERE s.id = ${holder.staffId}`);
    return this.database.row(sql`
      SELECT NULL AS employee_id, a.email FROM community_learners c JOIN accounts a ON a.id = c.account_id
      WHERE c.id = ${holder.communityLearnerId}`);
  }
}
