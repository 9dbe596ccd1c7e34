import { Foundation1764000000000 } from './1764000000000-foundation.js';
import { Learning1764100000000 } from './1764100000000-learning.js';
import { Certificates1764200000000 } from './1764200000000-certificates.js';
import { Reports1764300000000 } from './1764300000000-reports.js';
import { UtcTimes1764400000000 } from './1764400000000-utc-times.js';
import { SharedSignIn1764700000000 } from './1764700000000-shared-sign-in.js';
import { MailOutbox1764800000000 } from './1764800000000-mail.js';
import { SingleSignOn1764900000000 } from './1764900000000-single-sign-on.js';
import { Reminders1765000000000 } from './1765000000000-reminders.js';
import { CalendarFeeds1765100000000 } from './1765100000000-calendar-feeds.js';
import { Sessions1765200000000 } from './1765200000000-sessions.js';
import { Programs1765300000000 } from './1765300000000-programs.js';
import { Reflections1765400000000 } from './1765400000000-reflections.js';
import { FollowUps1765450000000 } from './1765450000000-followups.js';
import { Surveys1765500000000 } from './1765500000000-surveys.js';
import { Cohorts1765600000000 } from './1765600000000-cohorts.js';
import { CredentialKeys1765700000000 } from './1765700000000-credential-keys.js';
import { XapiStatements1765850000000 } from './1765850000000-xapi-statements.js';
import { CourseSnapshots1765900000000 } from './1765900000000-course-snapshots.js';
import { StaffSearch1766000000000 } from './1766000000000-staff-search.js';
import { AssignmentsOpen1766100000000 } from './1766100000000-assignments-open.js';

/** Every migration, in order; imported (not globbed) so the same list works in tests and in dist/. */
export const MIGRATIONS = [
  Foundation1764000000000,
  Learning1764100000000,
  Certificates1764200000000,
  Reports1764300000000,
  UtcTimes1764400000000,
  SharedSignIn1764700000000,
  MailOutbox1764800000000,
  SingleSignOn1764900000000,
  Reminders1765000000000,
  CalendarFeeds1765100000000,
  Sessions1765200000000,
  Programs1765300000000,
  Reflections1765400000000,
  FollowUps1765450000000,
  Surveys1765500000000,
  Cohorts1765600000000,
  CredentialKeys1765700000000,
  XapiStatements1765850000000,
  CourseSnapshots1765900000000,
  StaffSearch1766000000000,
  AssignmentsOpen1766100000000,
];
