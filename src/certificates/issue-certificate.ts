import type { Database } from '../database/database.js';
import { join, sql } from '../database/sql.js';
import { newSerial } from './serial.js';

/** What a certificate records, copied at issue time; it certifies an assignment or a program enrolment. */
export interface CertificateToIssue {
  assignmentId: number | null;
  programEnrolmentId: number | null;
  /** The holder: a staff member or a community learner (exactly one). */
  staffId: number | null;
  communityLearnerId?: number | null;
  /** The course's or program's id, title and edition. */
  courseId: string;
  courseTitle: string;
  edition: string;
  pdHours: number;
  completedAt: Date;
  contentHash: string;
}

/**
 * Issues a certificate inside the caller's transaction and returns its serial: the one way a course or
 * a program completion gets one. The holder's name is today's, from the roster, or from what a community
 * learner gave when joining.
 */
export async function issueCertificate(database: Database, issue: CertificateToIssue): Promise<string> {
  const communityLearnerId = issue.communityLearnerId ?? null;
  const holder = await database.row<{ firstName: string; lastName: string }>(
    issue.staffId !== null
      ? sql`SELECT first_name, last_name FROM staff WHERE id = ${issue.staffId}`
      : sql`SELECT first_name, last_name FROM community_learners WHERE id = ${communityLearnerId}`,
  );
  const holderName = `${holder?.firstName ?? ''} ${holder?.lastName ?? ''}`.trim();
  // 65 random bits make a collision all but impossible; another draw covers it anyway.
  for (let attempt = 1; ; attempt++) {
    const issued = await database.row<{ serial: string }>(
      sql`INSERT INTO certificates (serial, assignment_id, program_enrolment_id, staff_id, community_learner_id, holder_name, course_id,
                                    course_title, edition, pd_hours_x100, completed_at, content_hash, revoked_at,
                                    revoked_reason)
          VALUES (${join([
            newSerial(),
            issue.assignmentId,
            issue.programEnrolmentId,
            issue.staffId,
            communityLearnerId,
            holderName,
            issue.courseId,
            issue.courseTitle,
            issue.edition,
            Math.round(issue.pdHours * 100),
            issue.completedAt,
            issue.contentHash,
            null,
            null,
          ])})
          ON CONFLICT (serial) DO NOTHING RETURNING serial`,
    );
    if (issued) return issued.serial;
    if (attempt >= 5) throw new Error('Could not draw an unused certificate serial');
  }
}
