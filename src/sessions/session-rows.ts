import type { RegistrationStatus } from './session-registration.entity.js';
import type { TrainingSession } from './training-session.entity.js';

/** What TrainingSessionsRepository writes and answers, beside the session entity itself. */

/** What a schedule change writes. */
export type SessionFields = Pick<
  TrainingSession,
  'title' | 'courseId' | 'programId' | 'startsAt' | 'endsAt' | 'location' | 'capacity' | 'pdHoursX100'
>;

/** A session as a list shows it: seats taken and waiting, and the viewer's own place (if any). */
export interface SessionListing extends TrainingSession {
  registeredCount: number;
  waitlistedCount: number;
  myStatus: RegistrationStatus | null;
  /** The viewer's place on the wait-list, counted from 1 (0: not waiting). */
  myWaitPosition: number;
  attendedCount: number;
}

export interface StaffRef {
  id: number;
  employeeId: string;
  firstName: string;
  lastName: string;
  accountId: number;
  status: string;
}

/** A row of the attendance sheet: someone registered, or someone recorded as present (a walk-in). */
export interface SheetRow extends StaffRef {
  registration: RegistrationStatus | null;
  attended: boolean;
}

/** A session someone came to, for their transcript. */
export interface AttendedSession {
  sessionId: number;
  title: string;
  courseId: string | null;
  startsAt: Date;
  endsAt: Date;
  /** Hundredths of an hour (100 = one hour). */
  pdHoursX100: number;
}

export interface RegistrationRow {
  id: number;
  staffId: number;
  status: RegistrationStatus;
  registeredAt: Date;
  checkInFailures: number;
}
