import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  NotFoundException,
  type OnModuleInit,
  Optional,
  UnprocessableEntityException,
} from '@nestjs/common';
import { AuditService, type Actor } from '../audit/audit.service.js';
import { momentNow, todayIso } from '../common/clock.js';
import { PartsDone } from '../common/parts-done.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import type { ProgramEdition } from '../courses/course.types.js';
import { Database } from '../database/database.js';
import { XapiOutbox } from '../xapi/xapi-outbox.js';
import type { StaffMember } from '../staff/staff-member.entity.js';
import { StaffRepository } from '../staff/staff.repository.js';
import { type EnrolmentLineError, parseEnrolmentCsv } from './enrolment-csv.js';
import type { ProgramEnrolment } from './program-enrolment.entity.js';
import { inProgramAudience, type ProgramProgress, programProgress } from './program-rules.js';
import { ProgramsRepository } from './programs.repository.js';

/** A program as `GET /api/programs` lists it (the contract's fields, and the period). */
export function programJson(program: ProgramEdition) {
  return {
    id: program.id,
    edition: program.edition,
    title: program.title,
    summary: program.summary,
    courses: program.courses.map((c) => ({ courseId: c.courseId, edition: c.edition })),
    sessionsRequired: program.sessionsRequired,
    practicum: Boolean(program.practicum),
    opensOn: program.opensOn,
    finishBy: program.finishBy,
    pdHours: program.pdHours,
  };
}

export interface MyProgram {
  program: ProgramEdition;
  progress: ProgramProgress;
  enrolledBy: 'hr' | 'audience';
  completedAt: Date | null;
  certificateSerial: string | null;
}

/**
 * Programs for people: who is in which (by its audience rule, or enrolled by HR), how far they are,
 * their practicum, and the completion with its certificate, once every part is done.
 */
@Injectable()
export class ProgramsService implements OnModuleInit {
  constructor(
    private readonly database: Database,
    private readonly programs: ProgramsRepository,
    private readonly staff: StaffRepository,
    private readonly catalog: CourseCatalog,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    @Optional() private readonly partsDone?: PartsDone,
    @Optional() private readonly xapi?: XapiOutbox,
  ) {}

  /** A course completed or a session attended may be a program's last part: it completes then. */
  onModuleInit(): void {
    this.partsDone?.listen((staffIds) => this.settlePeople(staffIds));
  }

  /** Completes each program whose parts these people have all done (a no-op for everyone else). */
  async settlePeople(staffIds: number[]): Promise<void> {
    for (const accountId of await this.programs.accountsOf(staffIds)) await this.mine(accountId);
  }

  list(): ProgramEdition[] {
    return this.catalog.publishedPrograms();
  }

  /** A required course's title, for pages (its id while the edition is not loaded). */
  readonly courseTitle = (courseId: string, edition: string): string =>
    this.catalog.find(courseId, edition, { drafts: false })?.title ?? courseId;

  /** A published program edition (or, for a trainer's preview, a draft too), or 404 naming it. */
  find(programId: string, edition: string, options = { drafts: false }): ProgramEdition {
    const programs = options.drafts ? this.catalog.load.programs : this.list();
    const program = programs.find((p) => p.id === programId && p.edition === edition);
    if (!program) throw new NotFoundException(`No program ${programId} ${edition}`);
    return program;
  }

  /**
   * The signed-in person's programs with their progress. A program whose parts are all done completes
   * here too (its last part may have been a course finished elsewhere), in its own transaction.
   */
  async mine(accountId: number): Promise<MyProgram[]> {
    const member = await this.staff.findByAccountId(accountId);
    if (!member) return [];
    const enrolments = await this.programs.enrolmentsOf(member.id);
    const out: MyProgram[] = [];
    for (const program of this.list()) {
      const enrolled = enrolments.some((e) => e.programId === program.id && e.edition === program.edition);
      if (enrolled || inProgramAudience(program, personOf(member)))
        out.push(await this.settle(program, member));
    }
    return out;
  }

  /** Whether a staff member is in any published edition of a program (enrolled, or by its audience). */
  async isIn(programId: string, staffId: number): Promise<boolean> {
    const editions = this.list().filter((p) => p.id === programId);
    if (editions.length === 0) return false;
    if (await this.programs.isEnrolled(programId, staffId)) return true;
    const person = await this.programs.personOf(staffId);
    return person !== undefined && editions.some((program) => inProgramAudience(program, person));
  }

  /** Records the practicum for the signed-in person (idempotent); it may complete the program. */
  async attestPracticum(accountId: number, programId: string, edition: string): Promise<MyProgram> {
    const program = this.find(programId, edition);
    if (!program.practicum) throw new BadRequestException(`${program.title} has no practicum to confirm`);
    const member = await this.staff.findByAccountId(accountId);
    if (!member) throw new ForbiddenException('You are not in this program');
    return this.database.transaction(async () => {
      const enrolment = await this.enrolmentFor(program, member);
      if (todayIso(this.config) > program.finishBy)
        throw new BadRequestException(`${program.title} closed on ${program.finishBy}`);
      await this.programs.recordPracticum(enrolment.id, momentNow(this.config));
      return this.settle(program, member);
    });
  }

  /** HR enrols the people of a CSV of employee ids: all of them, or (with any line in error) none. */
  async enrolCsv(programId: string, edition: string, bytes: Uint8Array, actor: Actor) {
    const program = this.find(programId, edition);
    const parsed = parseEnrolmentCsv(bytes);
    if ('errors' in parsed) throw new UnprocessableEntityException({ errors: parsed.errors });
    return this.enrol(program, parsed.ids, actor);
  }

  /** HR enrols people by employee id (`line` names where each came from, for the errors). */
  async enrol(program: ProgramEdition, ids: { employeeId: string; line: number }[], actor: Actor) {
    return this.database.transaction(async () => {
      const found = await this.programs.staffByEmployeeIds(ids.map((id) => id.employeeId));
      const errors: EnrolmentLineError[] = [];
      for (const { employeeId, line } of ids) {
        const member = found.get(employeeId);
        if (!member)
          errors.push({
            line,
            column: 'employee_id',
            message: `no staff member with employee id ${employeeId}`,
          });
        else if (member.status === 'inactive')
          errors.push({
            line,
            column: 'employee_id',
            message: `${employeeId} has left (roster status inactive)`,
          });
      }
      if (errors.length > 0) throw new UnprocessableEntityException({ errors });
      const staffIds = ids.map((id) => (found.get(id.employeeId) as { id: number }).id);
      const added = await this.programs.enrol(program, staffIds, 'hr', momentNow(this.config));
      await this.audit.record(actor, {
        action: 'program.enrol',
        target: `${program.id} ${program.edition}`,
        details: {
          enrolled: added,
          alreadyEnrolled: ids.length - added,
          employeeIds: ids.map((id) => id.employeeId),
        },
      });
      return { enrolled: added, alreadyEnrolled: ids.length - added };
    });
  }

  /** HR takes someone out again; refused once they have a practicum or a completion on record. */
  async unenrol(program: ProgramEdition, employeeId: string, actor: Actor) {
    return this.database.transaction(async () => {
      const member = await this.staff.findByEmployeeId(employeeId);
      if (!member) throw new NotFoundException(`No staff member with employee id ${employeeId}`);
      const enrolment = await this.programs.lockedEnrolment(program, member.id);
      if (!enrolment)
        throw new NotFoundException(`${employeeId} is not enrolled in ${program.id} ${program.edition}`);
      if (enrolment.completedAt || enrolment.practicumAt)
        throw new BadRequestException(
          `${employeeId} has completed parts of ${program.title} that stay on record; they cannot be unenrolled`,
        );
      await this.programs.unenrol(program, [member.id]);
      await this.audit.record(actor, {
        action: 'program.unenrol',
        target: `${program.id} ${program.edition}`,
        details: { employeeId },
      });
      return { employeeId, enrolled: false };
    });
  }

  /** Everyone enrolled in a program edition (by HR, or by its audience once they acted), with their progress. */
  async enrolled(program: ProgramEdition) {
    const today = todayIso(this.config);
    const rows = await this.programs.enrolled(program);
    const out = [];
    for (const row of rows)
      out.push({
        ...row,
        progress: programProgress(program, await this.facts(program, row.staffId, row), today),
      });
    return out;
  }

  /** The enrolment of someone in the program, made now if its audience rule takes them in; 403 otherwise. */
  private async enrolmentFor(program: ProgramEdition, member: StaffMember): Promise<ProgramEnrolment> {
    const existing = await this.programs.lockedEnrolment(program, member.id);
    if (existing) return existing;
    if (!inProgramAudience(program, personOf(member)))
      throw new ForbiddenException('You are not in this program');
    await this.programs.enrol(program, [member.id], 'audience', momentNow(this.config));
    return (await this.programs.lockedEnrolment(program, member.id)) as ProgramEnrolment;
  }

  /**
   * Where the person stands; a program whose parts are all done is completed here, with its
   * certificate (its last part may have been a course finished elsewhere). Only one request can flip
   * the completion: a concurrent one finds it done and issues nothing.
   */
  private async settle(program: ProgramEdition, member: StaffMember): Promise<MyProgram> {
    const enrolment = await this.programs.enrolmentOf(program, member.id);
    const progress = programProgress(
      program,
      await this.facts(program, member.id, enrolment),
      todayIso(this.config),
    );
    if (!progress.due)
      return {
        program,
        progress,
        enrolledBy: enrolment?.source ?? 'audience',
        completedAt: enrolment?.completedAt ?? null,
        certificateSerial: enrolment?.serial ?? null,
      };
    await this.database.transaction(async () => {
      const locked = await this.enrolmentFor(program, member);
      if (locked.completedAt) return;
      const at = momentNow(this.config);
      if ((await this.programs.complete(locked, program, at)) === undefined) return;
      await this.xapi?.record({ staffId: member.id, communityLearnerId: null }, [
        { event: { kind: 'program-completed', program, pdHours: program.pdHours }, subjectId: locked.id, at },
      ]);
    });
    return this.settle(program, member);
  }

  private async facts(
    program: ProgramEdition,
    staffId: number,
    enrolment?: Pick<ProgramEnrolment, 'practicumAt' | 'completedAt'>,
  ) {
    return {
      coursesDone: await this.programs.coursesDone(staffId),
      sessionsAttended: await this.programs.sessionsAttended(program, staffId),
      practicumAt: enrolment?.practicumAt ?? null,
      completedAt: enrolment?.completedAt ?? null,
    };
  }
}

const personOf = (member: StaffMember) => ({
  jobRole: member.jobRole,
  siteCode: member.site?.code ?? '',
  status: member.status,
});
