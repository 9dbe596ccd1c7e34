import { Injectable } from '@nestjs/common';
import { issueCertificate } from '../certificates/issue-certificate.js';
import { startOfLocalDay } from '../common/clock.js';
import type { ProgramEdition } from '../courses/course.types.js';
import { Database } from '../database/database.js';
import { join, sql } from '../database/sql.js';
import type { EnrolmentSource, ProgramEnrolment } from './program-enrolment.entity.js';

const ENROLMENT = sql`e.id, e.program_id, e.edition, e.staff_id, e.source, e.enrolled_at, e.practicum_at, e.completed_at`;

/** Program enrolments, what counts towards them, and their completion with its certificate. */
@Injectable()
export class ProgramsRepository {
  constructor(private readonly database: Database) {}

  /** A person's enrolments, with the serial of each completion's certificate. */
  enrolmentsOf(staffId: number): Promise<(ProgramEnrolment & { serial: string | null })[]> {
    return this.database.rows(
      sql`SELECT ${ENROLMENT}, c.serial FROM program_enrolments e
            LEFT JOIN certificates c ON c.program_enrolment_id = e.id
           WHERE e.staff_id = ${staffId} ORDER BY e.program_id, e.edition`,
    );
  }

  /** One person's enrolment in a program edition, with its certificate's serial. */
  enrolmentOf(
    program: Pick<ProgramEdition, 'id' | 'edition'>,
    staffId: number,
  ): Promise<(ProgramEnrolment & { serial: string | null }) | undefined> {
    return this.database.row(
      sql`SELECT ${ENROLMENT}, c.serial FROM program_enrolments e
            LEFT JOIN certificates c ON c.program_enrolment_id = e.id
           WHERE e.program_id = ${program.id} AND e.edition = ${program.edition} AND e.staff_id = ${staffId}`,
    );
  }

  /** The `courseId@edition` of every course edition the person completed. */
  async coursesDone(staffId: number): Promise<Set<string>> {
    const rows = await this.database.rows<{ courseId: string; edition: string }>(
      sql`SELECT course_id, edition FROM assignments WHERE staff_id = ${staffId} AND completed_at IS NOT NULL`,
    );
    return new Set(rows.map((row) => `${row.courseId}@${row.edition}`));
  }

  /** Enrols people (those already in it stay as they are); returns how many were new. */
  async enrol(
    program: Pick<ProgramEdition, 'id' | 'edition'>,
    staffIds: number[],
    source: EnrolmentSource,
    at: Date,
  ): Promise<number> {
    let added = 0;
    for (let i = 0; i < staffIds.length; i += 500) {
      const rows = staffIds
        .slice(i, i + 500)
        .map((staffId) => [program.id, program.edition, staffId, source, at, null, null]);
      const inserted = await this.database.insertRows(
        'program_enrolments',
        ['program_id', 'edition', 'staff_id', 'source', 'enrolled_at', 'practicum_at', 'completed_at'],
        rows,
        sql`ON CONFLICT (program_id, edition, staff_id) DO NOTHING RETURNING id`,
      );
      added += inserted.length;
    }
    return added;
  }

  /** The enrolment, locked for the rest of the transaction on PostgreSQL. */
  lockedEnrolment(
    program: Pick<ProgramEdition, 'id' | 'edition'>,
    staffId: number,
  ): Promise<ProgramEnrolment | undefined> {
    return this.database.row<ProgramEnrolment>(
      sql`SELECT ${ENROLMENT} FROM program_enrolments e
           WHERE e.program_id = ${program.id} AND e.edition = ${program.edition} AND e.staff_id = ${staffId}
           ${this.database.lockRows}`,
    );
  }

  async recordPracticum(enrolmentId: number, at: Date): Promise<void> {
    await this.database.run(
      sql`UPDATE program_enrolments SET practicum_at = ${at} WHERE id = ${enrolmentId} AND practicum_at IS NULL`,
    );
  }

  /**
   * Completes the enrolment and issues its certificate, once: a concurrent second call finds it
   * completed and issues nothing (undefined).
   */
  async complete(
    enrolment: ProgramEnrolment,
    program: ProgramEdition,
    at: Date,
  ): Promise<string | undefined> {
    const flipped = await this.database.run(
      sql`UPDATE program_enrolments SET completed_at = ${at} WHERE id = ${enrolment.id} AND completed_at IS NULL`,
    );
    if (flipped === 0) return undefined;
    return issueCertificate(this.database, {
      assignmentId: null,
      programEnrolmentId: enrolment.id,
      staffId: enrolment.staffId,
      courseId: program.id,
      courseTitle: program.title,
      edition: program.edition,
      pdHours: program.pdHours,
      completedAt: at,
      contentHash: program.contentHash,
    });
  }

  /** Removes HR's enrolments of these people that have nothing recorded yet; returns how many. */
  async unenrol(program: Pick<ProgramEdition, 'id' | 'edition'>, staffIds: number[]): Promise<number> {
    if (staffIds.length === 0) return 0;
    return this.database.run(
      sql`DELETE FROM program_enrolments
           WHERE program_id = ${program.id} AND edition = ${program.edition} AND staff_id IN (${join(staffIds)})
             AND completed_at IS NULL AND practicum_at IS NULL`,
    );
  }

  /** People enrolled in a program edition, by name, with their enrolment. */
  enrolled(program: Pick<ProgramEdition, 'id' | 'edition'>) {
    return this.database.rows<
      ProgramEnrolment & {
        employeeId: string;
        firstName: string;
        lastName: string;
        siteCode: string;
        jobRole: string;
        status: string;
      }
    >(
      sql`SELECT ${ENROLMENT}, s.employee_id, s.first_name, s.last_name, site.code AS site_code, s.job_role, s.status
            FROM program_enrolments e JOIN staff s ON s.id = e.staff_id JOIN sites site ON site.id = s.site_id
           WHERE e.program_id = ${program.id} AND e.edition = ${program.edition}
           ORDER BY s.last_name, s.first_name, s.id`,
    );
  }

  /** Staff by employee id, with their status, in one query per 500. */
  async staffByEmployeeIds(employeeIds: string[]): Promise<Map<string, { id: number; status: string }>> {
    const found = new Map<string, { id: number; status: string }>();
    for (let i = 0; i < employeeIds.length; i += 500) {
      const rows = await this.database.rows<{ id: number; employeeId: string; status: string }>(
        sql`SELECT id, employee_id, status FROM staff WHERE employee_id IN (${join(employeeIds.slice(i, i + 500))})`,
      );
      for (const row of rows) found.set(row.employeeId, { id: row.id, status: row.status });
    }
    return found;
  }

  /** Sessions of this program the person attended within its period (a cancelled one does not count). */
  async sessionsAttended(program: ProgramEdition, staffId: number): Promise<number> {
    const after = startOfLocalDay(program.finishBy);
    after.setDate(after.getDate() + 1);
    const row = await this.database.row<{ n: number }>(
      sql`SELECT COUNT(DISTINCT t.id) AS n FROM session_attendance a JOIN training_sessions t ON t.id = a.session_id
           WHERE a.staff_id = ${staffId} AND t.program_id = ${program.id} AND t.status = 'scheduled'
             AND t.starts_at >= ${startOfLocalDay(program.opensOn)} AND t.starts_at < ${after}`,
    );
    return Number(row?.n ?? 0);
  }

  /** The accounts of these staff members. */
  async accountsOf(staffIds: number[]): Promise<number[]> {
    const accounts: number[] = [];
    for (let i = 0; i < staffIds.length; i += 500) {
      const rows = await this.database.rows<{ accountId: number }>(
        sql`SELECT account_id FROM staff WHERE id IN (${join(staffIds.slice(i, i + 500))})`,
      );
      accounts.push(...rows.map((row) => row.accountId));
    }
    return accounts;
  }

  async isEnrolled(programId: string, staffId: number): Promise<boolean> {
    const row = await this.database.row(
      sql`SELECT 1 AS yes FROM program_enrolments WHERE program_id = ${programId} AND staff_id = ${staffId}`,
    );
    return row !== undefined;
  }

  /** What an audience rule looks at: the job role, the site's code and the roster status. */
  personOf(staffId: number): Promise<{ jobRole: string; siteCode: string; status: string } | undefined> {
    return this.database.row(
      sql`SELECT s.job_role, site.code AS site_code, s.status FROM staff s JOIN sites site ON site.id = s.site_id
           WHERE s.id = ${staffId}`,
    );
  }
}
