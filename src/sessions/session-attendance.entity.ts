import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffMember } from '../staff/staff-member.entity.js';
import { TrainingSession } from './training-session.entity.js';

/** `sheet`: marked by a facilitator; `check-in`: the person entered the room's code. */
export type AttendanceSource = 'sheet' | 'check-in';

/** Someone who came to a session (registered or a walk-in): their PD hours count on the transcript. */
@Entity('session_attendance')
@Index('IDX_session_attendance_session_staff', ['sessionId', 'staffId'], { unique: true })
@Index('IDX_session_attendance_staff', ['staffId'])
export class SessionAttendance {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'session_id', type: 'integer' })
  sessionId: number;

  @ManyToOne(() => TrainingSession, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_session_attendance_session' })
  session?: TrainingSession;

  @Column({ name: 'staff_id', type: 'integer' })
  staffId: number;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'FK_session_attendance_staff' })
  staff?: StaffMember;

  @Column({ type: 'varchar', length: 16 })
  source: AttendanceSource;

  @Column({ name: 'recorded_at', type: Date })
  recordedAt: Date;
}
