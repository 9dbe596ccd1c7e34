import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../identity/account.entity.js';
import { Site } from './site.entity.js';

export const STAFF_STATUSES = ['active', 'leave', 'inactive'] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

@Entity('staff')
@Index('IDX_staff_employee_id', ['employeeId'], { unique: true })
@Index('IDX_staff_account_id', ['accountId'], { unique: true })
@Index('IDX_staff_site_role', ['siteId', 'jobRole'])
// The staff list filtered or sorted by job role or status comes in name order from these.
@Index('IDX_staff_job_role', ['jobRole', 'searchText'])
@Index('IDX_staff_status', ['status', 'searchText'])
@Index('IDX_staff_search_text', ['searchText'])
export class StaffMember {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'employee_id', type: 'varchar', length: 64 })
  employeeId: string;

  @Column({ name: 'account_id', type: 'integer' })
  accountId: number;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'FK_staff_account' })
  account?: Account;

  @Column({ name: 'first_name', type: 'varchar', length: 200 })
  firstName: string;

  @Column({ name: 'last_name', type: 'varchar', length: 200 })
  lastName: string;

  @Column({ name: 'site_id', type: 'integer' })
  siteId: number;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'FK_staff_site' })
  site?: Site;

  /**
   * Last name, first name, employee id and e-mail folded for searching (`staffSearchText`): the staff search
   * matches it and sorts by it. Written with the row, never computed at query time.
   */
  @Column({ name: 'search_text', type: 'varchar', length: 1000 })
  searchText: string;

  @Column({ name: 'job_role', type: 'varchar', length: 64 })
  jobRole: string;

  /** YYYY-MM-DD */
  @Column({ name: 'hire_date', type: 'date' })
  hireDate: string;

  @Column({ type: 'varchar', length: 16 })
  status: StaffStatus;

  /** The day the role or status last changed (null: unchanged since first imported); due dates use it. */
  @Column({ name: 'changed_on', type: 'date', nullable: true })
  changedOn: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
