import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MailMessage } from '../mail/mail-message.entity.js';
import { StaffMember } from '../staff/staff-member.entity.js';

/** `hand`: a reminder someone sent from an overdue list (at most one a day per person). */
export type ReminderKind = 'learner' | 'site' | 'hand';

/** A digest queued for one person on one day: at most one of each kind (1765000000000-reminders). */
@Entity('reminders_sent')
@Index('IDX_reminders_sent_day_kind_staff', ['day', 'kind', 'staffId'], { unique: true })
@Index('IDX_reminders_sent_staff_day', ['staffId', 'day'])
export class ReminderSent {
  @PrimaryGeneratedColumn()
  id: number;

  /** YYYY-MM-DD */
  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ReminderKind;

  @Column({ name: 'staff_id', type: 'integer' })
  staffId: number;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'FK_reminders_sent_staff' })
  staff?: StaffMember;

  @Column({ name: 'mail_id', type: 'integer', nullable: true })
  mailId: number | null;

  @ManyToOne(() => MailMessage, { onDelete: 'SET NULL', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'mail_id', foreignKeyConstraintName: 'FK_reminders_sent_mail' })
  mail?: MailMessage;

  /** How many things the digest listed (courses; overdue people for a site leader). */
  @Column({ type: 'integer' })
  items: number;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}
