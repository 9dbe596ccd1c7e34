import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Course ids are slugs (no commas): stored as one comma-separated column, in the order HR chose. */
export const courseIdsTransformer = {
  to: (ids: string[] | undefined): string | undefined => ids?.join(','),
  from: (text: string | null): string[] => (text ? text.split(',').filter(Boolean) : []),
};

/**
 * A group of people who are not employees (parents, partners, community members) invited by HR to a
 * set of courses with one code, until a closing day. The code is stored as issued (see cohort-code.ts).
 */
@Entity('cohorts')
@Index('IDX_cohorts_code', ['code'], { unique: true })
export class Cohort {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Canonical form: upper-case, no separators (e.g. 7KQ2M9XD4TR8). */
  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Column({ name: 'course_ids', type: 'varchar', length: 2000, transformer: courseIdsTransformer })
  courseIds: string[];

  /** YYYY-MM-DD: the last day anyone may join. */
  @Column({ name: 'closes_on', type: 'date' })
  closesOn: string;

  /** Set when HR closed it before its closing day. */
  @Column({ name: 'closed_at', type: Date, nullable: true })
  closedAt: Date | null;

  @Column({ name: 'created_by_account_id', type: 'integer', nullable: true })
  createdByAccountId: number | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}
