import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffMember } from '../staff/staff-member.entity.js';
import { TrainingSession } from './training-session.entity.js';

/** A staff member who leads a session (they may take its attendance). */
@Entity('session_facilitators')
@Index('IDX_session_facilitators_session_staff', ['sessionId', 'staffId'], { unique: true })
@Index('IDX_session_facilitators_staff', ['staffId'])
export class SessionFacilitator {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'session_id', type: 'integer' })
  sessionId: number;

  @ManyToOne(() => TrainingSession, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_session_facilitators_session' })
  session?: TrainingSession;

  @Column({ name: 'staff_id', type: 'integer' })
  staffId: number;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'FK_session_facilitators_staff' })
  staff?: StaffMember;
}
