import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CommunityLearner, ONE_HOLDER } from '../cohorts/community-learner.entity.js';
import { Assignment } from '../learning/assignment.entity.js';
import { ProgramEnrolment } from '../programs/program-enrolment.entity.js';

/**
 * A certificate as issued. The holder's name, the course title and the hours are copied at issue time:
 * a later change of name or course text never rewrites a certificate someone already holds.
 */
@Entity('certificates')
@Index('IDX_certificates_serial', ['serial'], { unique: true })
@Index('IDX_certificates_assignment', ['assignmentId'], { unique: true })
@Index('IDX_certificates_program_enrolment', ['programEnrolmentId'], { unique: true })
@Index('IDX_certificates_course_edition', ['courseId', 'edition'])
@Index('IDX_certificates_staff', ['staffId'])
@Index('IDX_certificates_community_learner', ['communityLearnerId'])
@Check('CHK_certificates_holder', ONE_HOLDER)
export class Certificate {
  @PrimaryGeneratedColumn()
  id: number;

  /** Grouped Crockford base32 with a check symbol, e.g. 7KQ2-M9XD-4TR8-V* */
  @Column({ type: 'varchar', length: 20 })
  serial: string;

  /** The course completion it certifies; null for a program's certificate. */
  @Column({ name: 'assignment_id', type: 'integer', nullable: true })
  assignmentId: number | null;

  @ManyToOne(() => Assignment, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'assignment_id', foreignKeyConstraintName: 'FK_certificates_assignment' })
  assignment?: Assignment;

  /** The program completion it certifies (its course_id, course_title and edition are the program's). */
  @Column({ name: 'program_enrolment_id', type: 'integer', nullable: true })
  programEnrolmentId: number | null;

  @ManyToOne(() => ProgramEnrolment, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'program_enrolment_id', foreignKeyConstraintName: 'FK_certificates_program_enrolment' })
  programEnrolment?: ProgramEnrolment;

  /** The holder: a staff member, or (staff_id null) a community learner. */
  @Column({ name: 'staff_id', type: 'integer', nullable: true })
  staffId: number | null;

  @Column({ name: 'community_learner_id', type: 'integer', nullable: true })
  communityLearnerId: number | null;

  @ManyToOne(() => CommunityLearner, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'community_learner_id', foreignKeyConstraintName: 'FK_certificates_community_learner' })
  communityLearner?: CommunityLearner;

  @Column({ name: 'holder_name', type: 'varchar', length: 401 })
  holderName: string;

  @Column({ name: 'course_id', type: 'varchar', length: 64 })
  courseId: string;

  @Column({ name: 'course_title', type: 'varchar', length: 200 })
  courseTitle: string;

  @Column({ type: 'varchar', length: 16 })
  edition: string;

  /** Hundredths of an hour (150 = 1.5 hours): exact on every database. */
  @Column({ name: 'pd_hours_x100', type: 'integer' })
  pdHoursX100: number;

  @Column({ name: 'completed_at', type: Date })
  completedAt: Date;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_reason', type: 'varchar', length: 500, nullable: true })
  revokedReason: string | null;
}
