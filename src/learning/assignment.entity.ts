import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CommunityLearner, ONE_HOLDER } from '../cohorts/community-learner.entity.js';
import { StaffMember } from '../staff/staff-member.entity.js';
import type { ExemptSource } from './assignment-rules.js';

/**
 * One person's assignment of one course edition, and its completion: the record of what they were asked
 * to do and did. Status is derived from these columns (see `statusOf`), so reports are one aggregate.
 * It is held by a staff member or by a community learner (exactly one): staff reports join `staff`,
 * so a community learner's assignment can never be counted in them.
 */
@Entity('assignments')
@Index('IDX_assignments_staff_course_edition', ['staffId', 'courseId', 'edition'], { unique: true })
@Index('IDX_assignments_course_edition_due', ['courseId', 'edition', 'dueDate'])
@Index('IDX_assignments_completed_due', ['completedAt', 'dueDate'])
@Index('IDX_assignments_learner_course_edition', ['communityLearnerId', 'courseId', 'edition'], {
  unique: true,
})
@Check('CHK_assignments_holder', ONE_HOLDER)
export class Assignment {
  @PrimaryGeneratedColumn()
  id: number;

  /** Null for a community learner's assignment. */
  @Column({ name: 'staff_id', type: 'integer', nullable: true })
  staffId: number | null;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'FK_assignments_staff' })
  staff?: StaffMember;

  /** Set (and `staff_id` null) when a community learner holds it. */
  @Column({ name: 'community_learner_id', type: 'integer', nullable: true })
  communityLearnerId: number | null;

  @ManyToOne(() => CommunityLearner, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'community_learner_id', foreignKeyConstraintName: 'FK_assignments_community_learner' })
  communityLearner?: CommunityLearner;

  @Column({ name: 'course_id', type: 'varchar', length: 64 })
  courseId: string;

  @Column({ type: 'varchar', length: 16 })
  edition: string;

  /** YYYY-MM-DD */
  @Column({ name: 'due_date', type: 'date' })
  dueDate: string;

  @Column({ name: 'exempt_source', type: 'varchar', length: 16, nullable: true })
  exemptSource: ExemptSource | null;

  /** YYYY-MM-DD: the day the exemption began, for reports as of a past date (null: before it was kept). */
  @Column({ name: 'exempt_on', type: 'date', nullable: true })
  exemptOn: string | null;

  @Column({ name: 'exempt_reason', type: 'varchar', length: 500, nullable: true })
  exemptReason: string | null;

  /** Set when the person left the course's audience (inactive, or a role outside it). */
  @Column({ name: 'withdrawn_on', type: 'date', nullable: true })
  withdrawnOn: string | null;

  @Column({ name: 'started_at', type: Date, nullable: true })
  startedAt: Date | null;

  @Column({ name: 'attested_at', type: Date, nullable: true })
  attestedAt: Date | null;

  @Column({ name: 'completed_at', type: Date, nullable: true })
  completedAt: Date | null;

  /** The edition's content hash when it was completed: exactly which text the person read. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64, nullable: true })
  contentHash: string | null;

  /** The passing quiz score that completed it. */
  @Column({ name: 'quiz_score', type: 'integer', nullable: true })
  quizScore: number | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}
