import {
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { todayIso } from '../common/clock.js';
import { StartupGate } from '../common/startup-gate.js';
import { AppConfig } from '../config/app-config.js';
import { inAudience } from '../courses/audience.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import type { CourseEdition } from '../courses/course.types.js';
import { Database } from '../database/database.js';
import { RosterImportService } from '../staff/roster-import.service.js';
import { StaffRepository } from '../staff/staff.repository.js';
import type { StaffMember } from '../staff/staff-member.entity.js';
import { type EditionRules, editionsInForce, planAssignments } from './assignment-rules.js';
import type { Assignment } from './assignment.entity.js';
import { AssignmentsRepository } from './assignments.repository.js';

export function rulesOf(course: CourseEdition): EditionRules {
  return {
    courseId: course.id,
    edition: course.edition,
    audienceRoles: course.audienceRoles,
    opensOn: course.opensOn,
    dueDate: course.dueDate,
    newHireDueDays: course.newHireDueDays,
  };
}

/** Lets the event loop take other callbacks (e.g. network I/O) before going on. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Every hour, in case an edition opened today without any file or roster change. */
const RESYNC_MS = 60 * 60 * 1000;

/**
 * Keeps assignments in step with the roster and the editions in force: after every roster import (in
 * its transaction), after the courses load or reload, and hourly.
 */
@Injectable()
export class AssignmentsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Assignments');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly database: Database,
    private readonly assignments: AssignmentsRepository,
    private readonly catalog: CourseCatalog,
    private readonly staff: StaffRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    importer: RosterImportService,
    @Optional() private readonly gate?: StartupGate,
  ) {
    // In the import's transaction: the roster and its assignments commit together.
    importer.onApplied(() => this.sync().then(() => undefined));
    importer.askCoursesFor((jobRole) => this.coursesFor(jobRole));
  }

  /** The titles of the editions in force today that are assigned to a job role (by their audience). */
  coursesFor(jobRole: string): string[] {
    const published = this.catalog.published();
    const inForce = editionsInForce(published.map(rulesOf), todayIso(this.config));
    return inForce
      .filter((edition) => inAudience(edition, jobRole))
      .map(
        (edition) =>
          published.find((c) => c.id === edition.courseId && c.edition === edition.edition)?.title ??
          edition.courseId,
      );
  }

  async onApplicationBootstrap(): Promise<void> {
    // A catch-up only (imports and reloads sync in their own transactions): in the server it runs once
    // listening, with requests other than /api/health held until it is done (see StartupGate).
    if (this.gate) this.gate.add('Assignment sync', () => this.sync(nextTurn));
    else await this.sync();
    // Later reloads (the first load is covered by the sync above).
    this.catalog.onReload(
      () =>
        void this.sync().catch((error: Error) =>
          this.logger.error(`Assignment sync failed: ${error.message}`),
        ),
    );
    this.timer = setInterval(
      () => void this.sync().catch((error: Error) => this.logger.error(error.message)),
      RESYNC_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Creates and updates assignments so they match the roster and the editions in force today, in one
   * transaction (the caller's, inside a roster import). `pause` runs between the steps (at start-up: lets
   * /api/health answer while the sync runs).
   */
  sync(pause: () => Promise<void> = () => Promise.resolve()): Promise<{ created: number; updated: number }> {
    return this.database.transaction(() => this.syncNow(pause));
  }

  private async syncNow(pause: () => Promise<void>): Promise<{ created: number; updated: number }> {
    const today = todayIso(this.config);
    const editions = editionsInForce(this.catalog.published().map(rulesOf), today);
    if (editions.length === 0) return { created: 0, updated: 0 };
    const staff = await this.assignments.staffFacts();
    await pause();
    const existing = await this.assignments.factsFor(editions);
    await pause();
    const changes = planAssignments(staff, editions, existing, today);
    await pause();
    await this.assignments.apply(changes);
    if (changes.create.length + changes.update.length > 0) {
      this.logger.log(`Assignments: ${changes.create.length} created, ${changes.update.length} updated`);
    }
    return { created: changes.create.length, updated: changes.update.length };
  }

  /** A person's assignments (by their account): current ones and completed history, soonest due first. */
  ofAccount(accountId: number): Promise<Assignment[]> {
    return this.assignments.forAccount(accountId);
  }

  /** HR exempts one person from one edition, with a reason. */
  exempt(employeeId: string, courseId: string, edition: string, reason: string, actor: Actor) {
    return this.changeExemption(employeeId, courseId, edition, async (assignment, member) => {
      if (assignment.withdrawnOn)
        throw new NotFoundException(`${employeeId} is not assigned ${courseId} ${edition}`);
      const exemptOn = assignment.exemptSource ? assignment.exemptOn : todayIso(this.config);
      const changes = { exemptSource: 'hr' as const, exemptOn, exemptReason: reason };
      await this.assignments.setExemption(assignment.id, changes);
      await this.audit.record(actor, {
        action: 'assignment.exempt',
        target: `employee ${member.employeeId}`,
        details: { courseId, edition, reason },
      });
      return { ...assignment, ...changes };
    });
  }

  /** HR exempts several people at once (the overdue list's ticks), with one reason: all or none. */
  exemptMany(
    picks: { employeeId: string; courseId: string; edition: string }[],
    reason: string,
    actor: Actor,
  ): Promise<number> {
    return this.database.transaction(async () => {
      for (const pick of picks)
        await this.exempt(pick.employeeId, pick.courseId, pick.edition, reason, actor);
      return picks.length;
    });
  }

  /**
   * HR takes back an exemption it gave. Someone still on leave stays exempt (the roster decides that);
   * otherwise the assignment is due again as before.
   */
  liftExemption(employeeId: string, courseId: string, edition: string, actor: Actor) {
    return this.changeExemption(employeeId, courseId, edition, async (assignment, member) => {
      if (assignment.withdrawnOn || assignment.exemptSource !== 'hr') {
        throw new NotFoundException(`${employeeId} has no exemption from HR for ${courseId} ${edition}`);
      }
      const exemptSource = member.status === 'leave' ? ('leave' as const) : null;
      const changes = {
        exemptSource,
        exemptOn: exemptSource ? assignment.exemptOn : null,
        exemptReason: null,
      };
      await this.assignments.setExemption(assignment.id, changes);
      await this.audit.record(actor, {
        action: 'assignment.exemption_lifted',
        target: `employee ${member.employeeId}`,
        details: { courseId, edition, stillOnLeave: Boolean(exemptSource) },
      });
      return { ...assignment, ...changes };
    });
  }

  /** One person's assignment of one edition, changed in a transaction with its audit entry; 404s named. */
  private async changeExemption(
    employeeId: string,
    courseId: string,
    edition: string,
    change: (assignment: Assignment, member: StaffMember) => Promise<Assignment>,
  ): Promise<Assignment> {
    const member = await this.staff.findByEmployeeId(employeeId);
    if (!member) throw new NotFoundException(`No staff member with employee id ${employeeId}`);
    return this.database.transaction(async () => {
      const assignment = await this.assignments.byStaffAndEdition(member.id, courseId, edition);
      if (!assignment) throw new NotFoundException(`${employeeId} is not assigned ${courseId} ${edition}`);
      return change(assignment, member);
    });
  }
}
