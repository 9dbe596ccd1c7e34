import { Injectable } from '@nestjs/common';
import { todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { modulesFor } from '../courses/audience.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { type AssignmentStatus, statusOf } from './assignment-rules.js';
import { AssignmentsRepository } from './assignments.repository.js';

export interface MyAssignment {
  courseId: string;
  edition: string;
  title: string;
  dueDate: string;
  status: AssignmentStatus;
  modulesDone: number;
  modulesTotal: number;
  /** The minutes of the modules still to read (as the course gives each module's). */
  minutesLeft: number;
  /** What the course counts for (0 when the edition is not available). */
  pdHours: number;
  completedAt: string | null;
  certificateSerial: string | null;
  /** Where to pick up: the first module not done, else the quiz, the attestation, or the completion page. */
  next:
    | { kind: 'module'; moduleId: string }
    | { kind: 'quiz' }
    | { kind: 'attest' }
    | { kind: 'done' }
    | { kind: 'unavailable' };
}

/** What a staff member sees on "My training". */
@Injectable()
export class MyAssignmentsService {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
  ) {}

  async list(accountId: number): Promise<MyAssignment[]> {
    // Someone with no staff record (e.g. the bootstrap admin) has no assignments: an empty list.
    const rows = await this.assignments.progressForAccount(accountId);
    const today = todayIso(this.config);
    const out: MyAssignment[] = [];
    for (const { assignment: row, jobRole, modulesDone: finished, quizPassed, certificateSerial } of rows) {
      const course = this.catalog.find(row.courseId, row.edition, { drafts: false });
      const modules = course ? modulesFor(course, jobRole) : [];
      const firstOpen = modules.find((m) => !finished.has(m.id));
      let next: MyAssignment['next'];
      if (row.completedAt) next = { kind: 'done' };
      else if (!course) next = { kind: 'unavailable' };
      else if (firstOpen) next = { kind: 'module', moduleId: firstOpen.id };
      else if (!quizPassed) next = { kind: 'quiz' };
      else next = { kind: 'attest' };
      out.push({
        courseId: row.courseId,
        edition: row.edition,
        title: course?.title ?? row.courseId,
        dueDate: row.dueDate,
        status: statusOf(row, today),
        modulesDone: modules.filter((m) => finished.has(m.id)).length,
        modulesTotal: modules.length,
        minutesLeft: modules.filter((m) => !finished.has(m.id)).reduce((sum, m) => sum + m.minutes, 0),
        pdHours: course?.pdHours ?? 0,
        completedAt: row.completedAt?.toISOString() ?? null,
        certificateSerial,
        next,
      });
    }
    return out;
  }
}
