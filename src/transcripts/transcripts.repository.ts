import { Injectable } from '@nestjs/common';
import { localDay } from '../common/clock.js';
import { Database } from '../database/database.js';
import { sql } from '../database/sql.js';
import { heldBy } from '../learning/holder.js';
import type { TranscriptEntry } from './transcript.js';

/** One person's PD hours in a school year, for the state-reporting CSV. */
export interface HoursRow {
  employeeId: string;
  firstName: string;
  lastName: string;
  siteCode: string;
  jobRole: string;
  courseHoursX100: number;
  sessionHoursX100: number;
  programHoursX100: number;
}

/** What a PD transcript is made of, read from the records each part keeps. */
@Injectable()
export class TranscriptsRepository {
  constructor(private readonly database: Database) {}

  /**
   * The courses and programs a person completed, from their certificates (a program's names its
   * enrolment): a revoked one no longer counts.
   */
  async certified(holder: { staffId: number } | { accountId: number }): Promise<TranscriptEntry[]> {
    const whose = 'staffId' in holder ? sql`c.staff_id = ${holder.staffId}` : heldBy(holder.accountId, 'c');
    const rows = await this.database.rows<{
      serial: string;
      courseTitle: string;
      edition: string;
      completedAt: Date;
      pdHoursX100: number;
      programEnrolmentId: number | null;
    }>(
      sql`SELECT serial, course_title, edition, completed_at, pd_hours_x100, program_enrolment_id FROM certificates c
           WHERE ${whose} AND revoked_at IS NULL`,
    );
    return rows.map((row) => ({
      kind: row.programEnrolmentId === null ? 'course' : 'program',
      title: `${row.courseTitle} (${row.edition})`,
      day: localDay(row.completedAt),
      pdHours: row.pdHoursX100 / 100,
      serial: row.serial,
    }));
  }

  /** The name a community learner joined with (they have no staff record), if the account is one. */
  communityLearnerName(accountId: number): Promise<{ firstName: string; lastName: string } | undefined> {
    return this.database.row<{ firstName: string; lastName: string }>(
      sql`SELECT first_name, last_name FROM community_learners WHERE account_id = ${accountId}`,
    );
  }

  /**
   * Everyone's hours in [from, before), `size` people at a time, by site and name: each person on staff
   * (and anyone since gone who earned hours in it), with 0 for none; courses and programs from their
   * certificates (not revoked), sessions from attendance (not cancelled). One statement, summed in the
   * database, however many people.
   */
  async *hoursByPerson(from: Date, before: Date, size = 5000): AsyncGenerator<HoursRow[]> {
    const pages = this.database.pages(
      sql`SELECT s.employee_id, s.first_name, s.last_name, site.code, s.job_role,
                 COALESCE(c.course_hours, 0), COALESCE(c.program_hours, 0), COALESCE(t.hours, 0)
            FROM staff s
            JOIN sites site ON site.id = s.site_id
            LEFT JOIN (SELECT staff_id,
                              SUM(CASE WHEN program_enrolment_id IS NULL THEN pd_hours_x100 ELSE 0 END) AS course_hours,
                              SUM(CASE WHEN program_enrolment_id IS NULL THEN 0 ELSE pd_hours_x100 END) AS program_hours
                         FROM certificates
                        WHERE revoked_at IS NULL AND completed_at >= ${from} AND completed_at < ${before}
                        GROUP BY staff_id) c ON c.staff_id = s.id
            LEFT JOIN (SELECT a.staff_id, SUM(ts.pd_hours_x100) AS hours
                         FROM session_attendance a JOIN training_sessions ts ON ts.id = a.session_id
                        WHERE ts.status = 'scheduled' AND ts.starts_at >= ${from} AND ts.starts_at < ${before}
                        GROUP BY a.staff_id) t ON t.staff_id = s.id
           WHERE s.status <> 'inactive' OR c.staff_id IS NOT NULL OR t.staff_id IS NOT NULL
           ORDER BY site.code ASC, s.last_name ASC, s.first_name ASC, s.id ASC`,
      size,
    );
    for await (const page of pages)
      yield page.map(([employeeId, firstName, lastName, siteCode, jobRole, courses, programs, sessions]) => ({
        employeeId: employeeId as string,
        firstName: firstName as string,
        lastName: lastName as string,
        siteCode: siteCode as string,
        jobRole: jobRole as string,
        courseHoursX100: Number(courses),
        programHoursX100: Number(programs),
        sessionHoursX100: Number(sessions),
      }));
  }
}
