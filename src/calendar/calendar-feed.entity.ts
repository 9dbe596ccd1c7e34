import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../identity/account.entity.js';

/** A person's private calendar link: one per account, and only the token's hash is stored. */
@Entity('calendar_feeds')
@Index('IDX_calendar_feeds_account_id', ['accountId'], { unique: true })
@Index('IDX_calendar_feeds_token_hash', ['tokenHash'], { unique: true })
export class CalendarFeed {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'account_id', type: 'integer' })
  accountId: number;

  @ManyToOne(() => Account, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'FK_calendar_feeds_account' })
  account?: Account;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  /** When a calendar app last fetched the feed (null: not yet). */
  @Column({ name: 'last_read_at', type: Date, nullable: true })
  lastReadAt: Date | null;
}
