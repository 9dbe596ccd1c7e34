import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Account } from '../identity/account.entity.js';
import type { SurveyPhase } from './survey-answer.entity.js';

export type SurveyMarkStatus = 'answered' | 'skipped';

/**
 * That a person answered or skipped one phase of an edition's survey, so it is not offered again; never
 * what they answered, nor when (written in the same transaction as the answers, with no link to them).
 */
@Entity('survey_marks')
export class SurveyMark {
  @PrimaryColumn({ name: 'account_id', type: 'integer' })
  accountId: number;

  @ManyToOne(() => Account, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'FK_survey_marks_account' })
  account?: Account;

  @PrimaryColumn({ name: 'course_id', type: 'varchar', length: 64 })
  courseId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  edition: string;

  @PrimaryColumn({ type: 'varchar', length: 4 })
  phase: SurveyPhase;

  @Column({ type: 'varchar', length: 8 })
  status: SurveyMarkStatus;
}
