import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type SurveyPhase = 'pre' | 'post';
export const SURVEY_PHASES: readonly SurveyPhase[] = ['pre', 'post'];

/**
 * One statement answered in an anonymous survey, apart from any person: only the edition, the phase,
 * the person's site and job role, the item and the value. The key is random and there is no time, so
 * neither the rows nor their order say who answered when (WITHOUT ROWID on SQLite: no hidden rowid).
 * Nothing links a row to its `survey_marks` row or to the other statements of the same answer.
 */
@Entity('survey_answers', { withoutRowid: true })
@Index('IDX_survey_answers_edition', ['courseId', 'edition', 'phase', 'itemId'])
export class SurveyAnswer {
  /** A random UUID (never an increasing number). */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'course_id', type: 'varchar', length: 64 })
  courseId: string;

  @Column({ type: 'varchar', length: 16 })
  edition: string;

  @Column({ type: 'varchar', length: 4 })
  phase: SurveyPhase;

  @Column({ name: 'site_code', type: 'varchar', length: 64 })
  siteCode: string;

  @Column({ name: 'job_role', type: 'varchar', length: 64 })
  jobRole: string;

  @Column({ name: 'item_id', type: 'varchar', length: 64 })
  itemId: string;

  /** 1 (the scale's first label) to 5, as answered; reverse-worded items are not flipped. */
  @Column({ type: 'integer' })
  value: number;
}
