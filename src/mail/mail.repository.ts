import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { join, sql } from '../database/sql.js';
import { OutboxQueue } from '../outbox/outbox-queue.js';

export type MailStatus = 'pending' | 'sent' | 'failed' | 'held';
export const MAIL_STATUSES: MailStatus[] = ['pending', 'sent', 'failed', 'held'];

export interface NewMessage {
  messageId: string;
  kind: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  status: MailStatus;
  discardAfter: Date | null;
}

export interface ClaimedMessage {
  id: number;
  messageId: string;
  toAddress: string;
  subject: string;
  textBody: string | null;
  htmlBody: string | null;
  attempts: number;
  discardAfter: Date | null;
}

export interface OutboxRow {
  id: number;
  toAddress: string;
  kind: string;
  subject: string;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** The mail outbox's table; the delivery bookkeeping (claim, lease, retry) is every outbox's. */
@Injectable()
export class MailRepository extends OutboxQueue<ClaimedMessage> {
  constructor(database: Database) {
    super(database, {
      table: 'mail_messages',
      select: ['message_id', 'to_address', 'subject', 'text_body', 'html_body', 'discard_after'],
      // A sent message's link must not sit readable in the table.
      eraseWhenSent: ['text_body', 'html_body'],
    });
  }

  /** New messages, their ids in the order given (looked up by Message-ID, not by the order of RETURNING). */
  async insert(messages: NewMessage[], now: Date): Promise<number[]> {
    const returned = await this.database.insertRows<{ id: number; messageId: string }>(
      'mail_messages',
      [
        'message_id',
        'kind',
        'to_address',
        'subject',
        'text_body',
        'html_body',
        'status',
        'attempts',
        'next_attempt_at',
        'created_at',
        'discard_after',
      ],
      messages.map((message) => [
        message.messageId,
        message.kind,
        message.toAddress,
        message.subject,
        message.textBody,
        message.htmlBody,
        message.status,
        0,
        now,
        now,
        message.discardAfter,
      ]),
      sql`RETURNING id, message_id`,
    );
    const ids = new Map(returned.map((row) => [row.messageId, row.id]));
    return messages.map((message) => ids.get(message.messageId) as number);
  }

  list(filters: { status?: MailStatus; kind?: string }, offset: number, limit: number): Promise<OutboxRow[]> {
    const conditions = [sql`1 = 1`];
    if (filters.status) conditions.push(sql`status = ${filters.status}`);
    if (filters.kind) conditions.push(sql`kind = ${filters.kind}`);
    return this.database.rows<OutboxRow>(sql`
      SELECT id, to_address, kind, subject, status, attempts, last_error, created_at, sent_at
      FROM mail_messages WHERE ${join(conditions, ' AND ')}
      ORDER BY created_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`);
  }

  status(id: number): Promise<{ status: MailStatus; toAddress: string } | undefined> {
    return this.database.row(sql`SELECT status, to_address FROM mail_messages WHERE id = ${id}`);
  }

  /** A failed message goes back to pending, as new (not one whose content is gone: replaced, expired). */
  requeue(id: number, now: Date): Promise<number> {
    return this.database.run(sql`
      UPDATE mail_messages SET status = 'pending', attempts = 0, next_attempt_at = ${now},
        claimed_until = NULL, last_error = NULL
      WHERE id = ${id} AND status = 'failed' AND text_body IS NOT NULL`);
  }

  /** Earlier messages not yet sent (nor being sent) of these kinds to these addresses: never sent now. */
  dropUnsent(kinds: string[], toAddresses: string[], now = new Date()): Promise<number> {
    if (toAddresses.length === 0) return Promise.resolve(0);
    return this.database.run(sql`
      UPDATE mail_messages SET status = 'failed', text_body = NULL, html_body = NULL,
        last_error = 'Replaced by a newer message before it was sent'
      WHERE status IN ('pending', 'held') AND kind IN (${join(kinds)})
        AND to_address IN (${join(toAddresses)})
        AND (claimed_until IS NULL OR claimed_until < ${now})`);
  }

  /** A message left too late to be of use (its link has expired): failed, its content erased. */
  async discard(id: number): Promise<void> {
    await this.database.run(sql`
      UPDATE mail_messages SET status = 'failed', claimed_until = NULL, text_body = NULL, html_body = NULL,
        last_error = 'Not sent before it expired'
      WHERE id = ${id}`);
  }
}
