import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Assignment } from './assignment.entity.js';

@Entity('quiz_attempts')
@Index('IDX_quiz_attempts_assignment_number', ['assignmentId', 'number'], { unique: true })
export class QuizAttempt {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'assignment_id', type: 'integer' })
  assignmentId: number;

  @ManyToOne(() => Assignment, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'assignment_id', foreignKeyConstraintName: 'FK_quiz_attempts_assignment' })
  assignment?: Assignment;

  /** 1 for the first attempt at this assignment's quiz, 2 for the next… */
  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'integer' })
  score: number;

  @Column({ type: 'boolean' })
  passed: boolean;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ name: 'submitted_at', type: Date })
  submittedAt: Date;
}
