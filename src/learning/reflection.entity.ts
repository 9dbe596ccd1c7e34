import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../identity/account.entity.js';

/**
 * A person's answer to a module's reflection prompt. Private: only its own account ever reads it (no
 * role, report, export or audit entry shows it), and it goes when the account does.
 */
@Entity('reflections')
@Index('IDX_reflections_module', ['accountId', 'courseId', 'edition', 'moduleId'], { unique: true })
export class Reflection {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'account_id', type: 'integer' })
  accountId: number;

  @ManyToOne(() => Account, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'FK_reflections_account' })
  account?: Account;

  @Column({ name: 'course_id', type: 'varchar', length: 64 })
  courseId: string;

  @Column({ type: 'varchar', length: 16 })
  edition: string;

  @Column({ name: 'module_id', type: 'varchar', length: 64 })
  moduleId: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
