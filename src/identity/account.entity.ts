import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { type Role, rolesTransformer } from './roles.js';

/**
 * SQL, for a query with the account as `a`: it may sign in and act. People who have left (their staff
 * record is `inactive`) may not; their roles stay on the account, for history and for when they return.
 */
export const ACCOUNT_ACTIVE = `NOT EXISTS (SELECT 1 FROM staff st WHERE st.account_id = a.id AND st.status = 'inactive')`;

@Entity('accounts')
@Index('IDX_accounts_email', ['email'], { unique: true })
export class Account {
  @PrimaryGeneratedColumn()
  id: number;

  /** Always stored lower-cased: emails are unique case-insensitively. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  /** argon2id; null until the person accepts an invitation. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  @Column({ type: 'varchar', length: 100, transformer: rolesTransformer })
  roles: Role[];

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}
