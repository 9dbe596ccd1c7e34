import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { join, sql } from '../database/sql.js';
import type { Account } from '../identity/account.entity.js';
import { type Role, rolesTransformer } from '../identity/roles.js';
import type { Assignment } from '../learning/assignment.entity.js';
import type { ModuleProgress } from '../learning/module-progress.entity.js';
import type { StaffMember } from '../staff/staff-member.entity.js';

/** An assignment with the facts of its person the demo's progress needs. */
export type DemoAssignment = Pick<
  Assignment,
  'id' | 'courseId' | 'edition' | 'exemptSource' | 'withdrawnOn'
> &
  Pick<StaffMember, 'employeeId' | 'accountId' | 'hireDate'>;

export type DemoSurveyTaker = Pick<Assignment, 'courseId' | 'edition' | 'startedAt' | 'completedAt'> &
  Pick<StaffMember, 'employeeId' | 'accountId' | 'jobRole'> & { siteCode: string };

/** The demo district's own statements (seeding it, and closing its published sign-ins). */
@Injectable()
export class DemoRepository {
  constructor(private readonly database: Database) {}

  /** Whether the district has any staff at all. */
  async hasStaff(): Promise<boolean> {
    return (await this.database.row(sql`SELECT 1 AS ok FROM staff LIMIT 1`)) !== undefined;
  }

  async setRolesByEmail(email: string, roles: Role[]): Promise<void> {
    await this.database.run(
      sql`UPDATE accounts SET roles = ${rolesTransformer.to(roles)} WHERE email = ${email}`,
    );
  }

  /** Gives these accounts a password, where they have none. */
  async setMissingPasswords(emails: string[], passwordHash: string): Promise<void> {
    await this.database.run(
      sql`UPDATE accounts SET password_hash = ${passwordHash}
           WHERE email IN (${join(emails)}) AND password_hash IS NULL`,
    );
  }

  /** The accounts among these e-mails that have a password (can sign in). */
  withPassword(emails: string[]): Promise<Pick<Account, 'id' | 'email'>[]> {
    return this.database.rows<Pick<Account, 'id' | 'email'>>(
      sql`SELECT id, email FROM accounts WHERE email IN (${join(emails)}) AND password_hash IS NOT NULL`,
    );
  }

  async clearPasswords(accountIds: number[]): Promise<void> {
    await this.database.run(sql`UPDATE accounts SET password_hash = NULL WHERE id IN (${join(accountIds)})`);
  }

  /** Every assignment, with its person, in id order. */
  assignments(): Promise<DemoAssignment[]> {
    return this.database.rows<DemoAssignment>(
      sql`SELECT a.id, a.course_id, a.edition, a.exempt_source, a.withdrawn_on, s.employee_id, s.account_id,
                 s.hire_date
            FROM assignments a JOIN staff s ON s.id = a.staff_id
           ORDER BY a.id`,
    );
  }

  /** Who took each course, for the demo's survey answers: where they work, and how far they got. */
  surveyTakers(): Promise<DemoSurveyTaker[]> {
    return this.database.rows<DemoSurveyTaker>(
      sql`SELECT a.course_id, a.edition, s.employee_id, s.account_id, st.code AS site_code, s.job_role,
                 a.started_at, a.completed_at
            FROM assignments a JOIN staff s ON s.id = a.staff_id JOIN sites st ON st.id = s.site_id
           WHERE a.started_at IS NOT NULL ORDER BY a.id`,
    );
  }

  /** Modules read, in bulk. */
  async addModuleProgress(rows: Omit<ModuleProgress, 'id'>[]): Promise<void> {
    await this.database.insertRows(
      'module_progress',
      ['assignment_id', 'module_id', 'content_hash', 'completed_at'],
      rows.map((row) => [row.assignmentId, row.moduleId, row.contentHash, row.completedAt]),
    );
  }

  /** Moves an assignment's dates (and, once completed, its quiz attempts' and certificate's) to these. */
  async accountIdOf(email: string): Promise<number | undefined> {
    return (await this.database.row<{ id: number }>(sql`SELECT id FROM accounts WHERE email = ${email}`))?.id;
  }

  async backdate(assignmentId: number, startedAt: Date, completedAt: Date | null): Promise<void> {
    await this.database.run(
      sql`UPDATE module_progress SET completed_at = ${startedAt} WHERE assignment_id = ${assignmentId}`,
    );
    if (!completedAt) {
      await this.database.run(
        sql`UPDATE assignments SET started_at = ${startedAt} WHERE id = ${assignmentId}`,
      );
      return;
    }
    await this.database.run(
      sql`UPDATE assignments SET started_at = ${startedAt}, attested_at = ${completedAt}, completed_at = ${completedAt}
           WHERE id = ${assignmentId}`,
    );
    await this.database.run(
      sql`UPDATE quiz_attempts SET submitted_at = ${completedAt} WHERE assignment_id = ${assignmentId}`,
    );
    await this.database.run(
      sql`UPDATE certificates SET completed_at = ${completedAt} WHERE assignment_id = ${assignmentId}`,
    );
  }
}
