import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from './account.entity.js';

/** A signed-in session; the bearer token and the page cookie carry the same secret, stored hashed. */
@Entity('sessions')
@Index('IDX_sessions_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_sessions_account_id', ['accountId'])
export class Session {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'account_id', type: 'integer' })
  accountId: number;

  @ManyToOne(() => Account, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'FK_sessions_account' })
  account?: Account;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'expires_at', type: Date })
  expiresAt: Date;
}
