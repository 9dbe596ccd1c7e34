import { Injectable } from '@nestjs/common';
import { longDate } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { type MyAssignment, MyAssignmentsService } from '../learning/my-assignments.service.js';
import type { CalendarItem } from './calendar-ics.js';
import type { CalendarSource } from './calendar-source.js';

/** What the feed needs of an assignment that is still to do. */
export type PendingAssignment = Pick<MyAssignment, 'courseId' | 'edition' | 'title' | 'dueDate'>;

/** Not done and not excused: what a person still has to finish, overdue included. */
export function isPending(assignment: Pick<MyAssignment, 'status'>): boolean {
  return assignment.status !== 'completed' && assignment.status !== 'exempt';
}

/** One all-day item per assignment, on its due date, linking to the course. */
export function dueDateItems(assignments: PendingAssignment[], publicUrl: string): CalendarItem[] {
  const host = new URL(publicUrl).hostname;
  return assignments.map((a) => {
    const url = `${publicUrl}/learn/${a.courseId}`;
    return {
      uid: `${a.courseId}-${a.edition}@${host}`,
      day: a.dueDate,
      summary: `Due: ${a.title}`,
      description: `${a.title} (${a.edition}) is due on ${longDate(a.dueDate)}.\n\nOpen the course: ${url}`,
      url,
    };
  });
}

/**
 * The person's pending assignments of the editions in force (last year's unfinished edition is
 * history, and no longer due), as "My training" lists them (withdrawn ones are not listed there).
 */
@Injectable()
export class DueDatesSource implements CalendarSource {
  constructor(
    private readonly mine: MyAssignmentsService,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
  ) {}

  async itemsFor(accountId: number): Promise<CalendarItem[]> {
    const pending = (await this.mine.list(accountId)).filter(
      (a) => isPending(a) && this.catalog.current(a.courseId)?.edition === a.edition,
    );
    return dueDateItems(pending, this.config.publicUrl);
  }
}
