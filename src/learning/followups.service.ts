import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { longDate, momentNow, todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { AssignmentsRepository } from './assignments.repository.js';
import { type FollowUpState, followUpDueOn, followUpState } from './follow-up-rules.js';
import { FollowUpsRepository } from './followups.repository.js';

/** One of a person's follow-ups: of a course edition they completed. */
export interface MyFollowUp {
  assignmentId: number;
  courseId: string;
  edition: string;
  courseTitle: string;
  id: string;
  title: string;
  days: number;
  /** YYYY-MM-DD */
  dueOn: string;
  state: FollowUpState;
  doneAt: Date | null;
  html: string;
}

/**
 * A learner's follow-ups: each course edition they completed brings its follow-ups back the set number of
 * days later, until they mark them done. Always the signed-in person's own.
 */
@Injectable()
export class FollowUpsService {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly followUps: FollowUpsRepository,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
  ) {}

  /** Every follow-up of the editions the person completed, soonest first. */
  async list(accountId: number): Promise<MyFollowUp[]> {
    const completed = (await this.assignments.progressForAccount(accountId)).flatMap(({ assignment }) =>
      assignment.completedAt ? [{ ...assignment, completedAt: assignment.completedAt }] : [],
    );
    const done = await this.followUps.doneFor(completed.map((a) => a.id));
    const today = todayIso(this.config);
    const out: MyFollowUp[] = [];
    for (const assignment of completed) {
      const course = this.catalog.find(assignment.courseId, assignment.edition, { drafts: false });
      for (const followUp of course?.followUps ?? []) {
        const dueOn = followUpDueOn(assignment.completedAt, followUp.days);
        const doneAt = done.get(assignment.id)?.get(followUp.id) ?? null;
        out.push({
          assignmentId: assignment.id,
          courseId: assignment.courseId,
          edition: assignment.edition,
          courseTitle: course?.title ?? assignment.courseId,
          id: followUp.id,
          title: followUp.title,
          days: followUp.days,
          dueOn,
          state: followUpState(dueOn, today, doneAt !== null),
          doneAt,
          html: followUp.html,
        });
      }
    }
    return out.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.title.localeCompare(b.title));
  }

  /** The ones waiting for the person today. */
  async due(accountId: number): Promise<MyFollowUp[]> {
    return (await this.list(accountId)).filter((f) => f.state === 'due');
  }

  /**
   * One follow-up of a course the person completed: of the edition where it is due if any, else of the
   * latest completion. 404 when the person has no such follow-up.
   */
  async one(accountId: number, courseId: string, id: string): Promise<MyFollowUp> {
    const mine = (await this.list(accountId)).filter((f) => f.courseId === courseId && f.id === id);
    const found = mine.find((f) => f.state === 'due') ?? mine.at(-1);
    if (!found) throw new NotFoundException(`You have no follow-up "${id}" of the course "${courseId}"`);
    return found;
  }

  /** Marks it done (again: no change); 409 before its day. */
  async markDone(accountId: number, courseId: string, id: string): Promise<MyFollowUp> {
    const followUp = await this.one(accountId, courseId, id);
    if (followUp.state === 'upcoming')
      throw new ConflictException(
        `This follow-up comes on ${longDate(followUp.dueOn)}: it cannot be done before then`,
      );
    if (followUp.state === 'due')
      await this.followUps.markDone(followUp.assignmentId, id, momentNow(this.config));
    return this.one(accountId, courseId, id);
  }
}
