import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../identity/account.entity.js';
import { Cohort } from './cohort.entity.js';

/** For `assignments` and `certificates`: held by exactly one of a staff member and a community learner. */
export const ONE_HOLDER = '(staff_id IS NULL) <> (community_learner_id IS NULL)';

/**
 * Someone who joined a cohort: an account and a name, nothing more. No employee id, site, job role or
 * hire date: they are not staff, so no staff query (compliance, overdue, sites, reminders, the roster
 * sync, staff search) can count them; their assignments and certificates point here instead of `staff`.
 */
@Entity('community_learners')
@Index('IDX_community_learners_account', ['accountId'], { unique: true })
@Index('IDX_community_learners_cohort', ['cohortId'])
export class CommunityLearner {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'account_id', type: 'integer' })
  accountId: number;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'FK_community_learners_account' })
  account?: Account;

  @Column({ name: 'cohort_id', type: 'integer' })
  cohortId: number;

  @ManyToOne(() => Cohort, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'FK_community_learners_cohort' })
  cohort?: Cohort;

  @Column({ name: 'first_name', type: 'varchar', length: 200 })
  firstName: string;

  @Column({ name: 'last_name', type: 'varchar', length: 200 })
  lastName: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}
