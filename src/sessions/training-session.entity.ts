import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** A facilitated session: in a room or online, for a course or on its own (1765200000000-sessions). */
@Entity('training_sessions')
@Index('IDX_training_sessions_starts_at', ['startsAt'])
export class TrainingSession {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** A loaded course the session belongs to; null for a session on its own. */
  @Column({ name: 'course_id', type: 'varchar', length: 64, nullable: true })
  courseId: string | null;

  /** Reserved for programs (not yet built): always null until they land. */
  @Column({ name: 'program_id', type: 'varchar', length: 64, nullable: true })
  programId: string | null;

  @Column({ name: 'starts_at', type: Date })
  startsAt: Date;

  @Column({ name: 'ends_at', type: Date })
  endsAt: Date;

  /** A place, or a meeting link. */
  @Column({ type: 'varchar', length: 500 })
  location: string;

  @Column({ type: 'integer' })
  capacity: number;

  /** Hundredths of an hour, as certificates keep them (no floating point in sums). */
  @Column({ name: 'pd_hours_x100', type: 'integer' })
  pdHoursX100: number;

  @Column({ type: 'varchar', length: 16 })
  status: SessionStatus;

  /** The short code shown in the room for self check-in; null until a facilitator makes one. */
  @Column({ name: 'check_in_code', type: 'varchar', length: 16, nullable: true })
  checkInCode: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
