import { AuditEntry } from '../audit/audit-entry.entity.js';
import { Cohort } from '../cohorts/cohort.entity.js';
import { CommunityLearner } from '../cohorts/community-learner.entity.js';
import { CalendarFeed } from '../calendar/calendar-feed.entity.js';
import { ProgramEnrolment } from '../programs/program-enrolment.entity.js';
import { Reflection } from '../learning/reflection.entity.js';
import { FollowUpDone } from '../learning/followup-done.entity.js';
import { CredentialKey } from '../credentials/credential-key.entity.js';
import { CourseSnapshot } from '../courses/course-snapshot.entity.js';
import { Certificate } from '../certificates/certificate.entity.js';
import { Account } from '../identity/account.entity.js';
import { Invitation } from '../identity/invitation.entity.js';
import { Session } from '../identity/session.entity.js';
import { SignInFailure } from '../identity/sign-in-failure.entity.js';
import { AccountIdentity } from '../identity/single-sign-on/account-identity.entity.js';
import { SignInFlow } from '../identity/single-sign-on/sign-in-flow.entity.js';
import { RosterUpload } from '../staff/roster-upload.entity.js';
import { Site } from '../staff/site.entity.js';
import { StaffMember } from '../staff/staff-member.entity.js';
import { Assignment } from '../learning/assignment.entity.js';
import { ModuleProgress } from '../learning/module-progress.entity.js';
import { QuizAttempt } from '../learning/quiz-attempt.entity.js';
import { QuizChoice } from '../learning/quiz-choice.entity.js';
import { MailMessage } from '../mail/mail-message.entity.js';
import { ReminderRun } from '../reminders/reminder-run.entity.js';
import { ReminderSent } from '../reminders/reminder-sent.entity.js';
import { SessionAttendance } from '../sessions/session-attendance.entity.js';
import { SessionFacilitator } from '../sessions/session-facilitator.entity.js';
import { SessionRegistration } from '../sessions/session-registration.entity.js';
import { TrainingSession } from '../sessions/training-session.entity.js';
import { SurveyAnswer } from '../surveys/survey-answer.entity.js';
import { SurveyMark } from '../surveys/survey-mark.entity.js';
import { Setting } from './setting.entity.js';
import { XapiStatement } from '../xapi/xapi-statement.entity.js';

/** Every entity, for the DataSource used by the app, the CLI and the tests. */
export const ENTITIES = [
  Account,
  Session,
  SignInFailure,
  Invitation,
  Site,
  StaffMember,
  RosterUpload,
  AuditEntry,
  Setting,
  Assignment,
  ModuleProgress,
  QuizAttempt,
  QuizChoice,
  Certificate,
  MailMessage,
  AccountIdentity,
  SignInFlow,
  ReminderRun,
  ReminderSent,
  CalendarFeed,
  ProgramEnrolment,
  Reflection,
  FollowUpDone,
  CredentialKey,
  XapiStatement,
  TrainingSession,
  SessionFacilitator,
  SessionRegistration,
  SessionAttendance,
  SurveyAnswer,
  SurveyMark,
  Cohort,
  CommunityLearner,
  CourseSnapshot,
];
