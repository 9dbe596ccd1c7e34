import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Assignment } from './assignment.entity.js';

/** A follow-up the person marked done, on the assignment whose completion brought it. */
@Entity('followups_done')
@Index('IDX_followups_done_assignment', ['assignmentId', 'followUpId'], { unique: true })
export class FollowUpDone {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'assignment_id', type: 'integer' })
  assignmentId: number;

  @ManyToOne(() => Assignment, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'assignment_id', foreignKeyConstraintName: 'FK_followups_done_assignment' })
  assignment?: Assignment;

  @Column({ name: 'followup_id', type: 'varchar', length: 64 })
  followUpId: string;

  @Column({ name: 'done_at', type: Date })
  doneAt: Date;
}
