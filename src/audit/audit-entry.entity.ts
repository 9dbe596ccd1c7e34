import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only: rows are inserted by AuditService and never updated or deleted. */
@Entity('audit_entries')
@Index('IDX_audit_entries_at', ['at'])
@Index('IDX_audit_entries_action', ['action'])
@Index('IDX_audit_entries_actor', ['actorAccountId'])
export class AuditEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: Date })
  at: Date;

  /** Null for the system (start-up, CLI without an account). */
  @Column({ name: 'actor_account_id', type: 'integer', nullable: true })
  actorAccountId: number | null;

  @Column({ name: 'actor_email', type: 'varchar', length: 320, nullable: true })
  actorEmail: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  target: string | null;

  /** JSON. */
  @Column({ type: 'text', nullable: true })
  details: string | null;
}
