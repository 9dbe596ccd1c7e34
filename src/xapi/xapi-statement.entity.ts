import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One statement of the xAPI outbox (see migrations/1765850000000-xapi-statements.ts). */
@Entity('xapi_statements')
@Index('IDX_xapi_statements_statement_id', ['statementId'], { unique: true })
@Index('IDX_xapi_statements_event', ['eventKey'], { unique: true })
@Index('IDX_xapi_statements_due', ['status', 'nextAttemptAt'])
export class XapiStatement {
  @PrimaryGeneratedColumn()
  id: number;

  /** The statement's `id`: fixed when written, so every retry is recognisably the same statement. */
  @Column({ name: 'statement_id', type: 'varchar', length: 36 })
  statementId: string;

  /** What happened, once: `course:12` (assignment 12 completed), `quiz:40` (attempt 40), … */
  @Column({ name: 'event_key', type: 'varchar', length: 200 })
  eventKey: string;

  @Column({ type: 'varchar', length: 32 })
  verb: string;

  /** The statement's JSON; erased once the store has it. */
  @Column({ type: 'text', nullable: true })
  statement: string | null;

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

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'sent_at', type: Date, nullable: true })
  sentAt: Date | null;
}
