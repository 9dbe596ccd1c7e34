import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One message of the outbox (see migrations/1764800000000-mail.ts). */
@Entity('mail_messages')
@Index('IDX_mail_messages_message_id', ['messageId'], { unique: true })
@Index('IDX_mail_messages_due', ['status', 'nextAttemptAt'])
@Index('IDX_mail_messages_created', ['createdAt'])
export class MailMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'message_id', type: 'varchar', length: 320 })
  messageId: string;

  @Column({ type: 'varchar', length: 64 })
  kind: string;

  @Column({ name: 'to_address', type: 'varchar', length: 320 })
  toAddress: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  /** Erased once sent: a link must not sit readable in the table. */
  @Column({ name: 'text_body', type: 'text', nullable: true })
  textBody: string | null;

  @Column({ name: 'html_body', type: 'text', nullable: true })
  htmlBody: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: Date })
  nextAttemptAt: Date;

  @Column({ name: 'claimed_until', type: Date, nullable: true })
  claimedUntil: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 300, nullable: true })
  lastError: string | null;

  @Column({ name: 'discard_after', type: Date, nullable: true })
  discardAfter: Date | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'sent_at', type: Date, nullable: true })
  sentAt: Date | null;
}
