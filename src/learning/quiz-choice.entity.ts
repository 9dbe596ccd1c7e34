import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { QuizAttempt } from './quiz-attempt.entity.js';

/** One option a person chose for one question in one attempt (per-question statistics read these). */
@Entity('quiz_choices')
@Index('IDX_quiz_choices_attempt', ['attemptId'])
@Index('IDX_quiz_choices_question', ['questionId'])
export class QuizChoice {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'attempt_id', type: 'integer' })
  attemptId: number;

  @ManyToOne(() => QuizAttempt, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'attempt_id', foreignKeyConstraintName: 'FK_quiz_choices_attempt' })
  attempt?: QuizAttempt;

  @Column({ name: 'question_id', type: 'varchar', length: 64 })
  questionId: string;

  @Column({ name: 'option_id', type: 'varchar', length: 64 })
  optionId: string;

  /** Whether the person answered this question right (the same on every row of the question). */
  @Column({ name: 'question_correct', type: 'boolean' })
  questionCorrect: boolean;
}
