import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffMember } from '../staff/staff-member.entity.js';
import { TrainingSession } from './training-session.entity.js';

export const REGISTRATION_STATUSES = ['registered', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/**
 * One person's place at a session: a seat, a place on the wait-list (in id order: see
 * `TrainingSessionsRepository.register`), or a place given up. One row per person and session.
 */
@Entity('session_registrations')
@Index('IDX_session_registrations_session_staff', ['sessionId', 'staffId'], { unique: true })
@Index('IDX_session_registrations_staff', ['staffId'])
export class SessionRegistration {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'session_id', type: 'integer' })
  sessionId: number;

  @ManyToOne(() => TrainingSession, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_session_registrations_session' })
  session?: TrainingSession;

  @Column({ name: 'staff_id', type: 'integer' })
  staffId: number;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'FK_session_registrations_staff' })
  staff?: StaffMember;

  @Column({ type: 'varchar', length: 16 })
  status: RegistrationStatus;

  /** When the person asked for this place. */
  @Column({ name: 'registered_at', type: Date })
  registeredAt: Date;

  @Column({ name: 'cancelled_at', type: Date, nullable: true })
  cancelledAt: Date | null;

  /** Wrong check-in codes entered: self check-in stops after a few (see CHECK_IN_ATTEMPTS). */
  @Column({ name: 'check_in_failures', type: 'integer' })
  checkInFailures: number;
}
