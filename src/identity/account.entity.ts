import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { type Role, rolesTransformer } from './roles.js';

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
