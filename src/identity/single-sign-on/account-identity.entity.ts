import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../account.entity.js';

/** An account's link to a subject at an OpenID issuer, made at the first single sign-on. */
@Entity('account_identities')
@Index('IDX_account_identities_issuer_subject', ['issuer', 'subject'], { unique: true })
@Index('IDX_account_identities_account_id', ['accountId'])
export class AccountIdentity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'account_id', type: 'integer' })
  accountId: number;

  @ManyToOne(() => Account, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'FK_account_identities_account' })
  account?: Account;

  @Column({ type: 'varchar', length: 500 })
  issuer: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: Date })
  lastUsedAt: Date;
}
