import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffMember } from '../staff/staff-member.entity.js';

export type EnrolmentSource = 'hr' | 'audience';

/**
 * A person in a program edition: enrolled by HR, or by the program's audience (recorded when they first
 * act on it, e.g. confirm their practicum); with the practicum and the completion.
 */
@Entity('program_enrolments')
@Index('IDX_program_enrolments_person', ['programId', 'edition', 'staffId'], { unique: true })
@Index('IDX_program_enrolments_staff', ['staffId'])
export class ProgramEnrolment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'program_id', type: 'varchar', length: 64 })
  programId: string;

  @Column({ type: 'varchar', length: 16 })
  edition: string;

  @Column({ name: 'staff_id', type: 'integer' })
  staffId: number;

  @ManyToOne(() => StaffMember, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'FK_program_enrolments_staff' })
  staff?: StaffMember;

  @Column({ type: 'varchar', length: 16 })
  source: EnrolmentSource;

  @Column({ name: 'enrolled_at', type: Date })
  enrolledAt: Date;

  @Column({ name: 'practicum_at', type: Date, nullable: true })
  practicumAt: Date | null;

  @Column({ name: 'completed_at', type: Date, nullable: true })
  completedAt: Date | null;
}
