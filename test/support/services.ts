import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditService } from '../../src/audit/audit.service.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { CourseCatalog } from '../../src/courses/course-catalog.service.js';
import type { Database } from '../../src/database/database.js';
import { SessionsRepository } from '../../src/identity/sessions.repository.js';
import { AssignmentsRepository } from '../../src/learning/assignments.repository.js';
import { AssignmentsService } from '../../src/learning/assignments.service.js';
import { FollowUpsRepository } from '../../src/learning/followups.repository.js';
import { FollowUpsService } from '../../src/learning/followups.service.js';
import { MyAssignmentsService } from '../../src/learning/my-assignments.service.js';
import { ProgressRepository } from '../../src/learning/progress.repository.js';
import { ProgressService } from '../../src/learning/progress.service.js';
import { RosterImportService } from '../../src/staff/roster-import.service.js';
import { RosterRepository } from '../../src/staff/roster.repository.js';
import { StaffRepository } from '../../src/staff/staff.repository.js';
import { XapiRepository } from '../../src/xapi/xapi.repository.js';
import { XapiOutbox } from '../../src/xapi/xapi-outbox.js';

/**
 * The roster, assignment and learning services on a database, wired as the app's modules wire them (the
 * whole AppModule does not load in Jest). Assignments follow every roster import, as in the server.
 */
export function learningServices(database: Database, config: AppConfig) {
  const catalog = new CourseCatalog(config);
  void catalog.reload(); // without the database, loaded before it returns
  const audit = new AuditService(new AuditRepository(database));
  const staff = new StaffRepository(database);
  const importer = new RosterImportService(
    database,
    new RosterRepository(database),
    new SessionsRepository(database),
    audit,
    config,
  );
  const repository = new AssignmentsRepository(database);
  const assignments = new AssignmentsService(database, repository, catalog, staff, audit, config, importer);
  const xapi = new XapiOutbox(new XapiRepository(database), config);
  const progress = new ProgressService(
    database,
    new ProgressRepository(database),
    catalog,
    config,
    undefined,
    xapi,
  );
  const mine = new MyAssignmentsService(repository, catalog, config);
  const followUps = new FollowUpsService(repository, new FollowUpsRepository(database), catalog, config);
  return { catalog, audit, staff, importer, assignments, progress, mine, followUps, xapi };
}
