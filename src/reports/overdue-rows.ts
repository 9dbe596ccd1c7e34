import { dueDistance, longDate } from '../common/clock.js';
import { modulesFor } from '../courses/audience.js';
import type { CourseEdition } from '../courses/course.types.js';
import type { OverdueRow } from './reports.repository.js';

/** How many people one page of an overdue list shows (HR's and a site's). */
export const OVERDUE_PAGE = 100;

/** An overdue list's rows as its pages show them: the name, role, course, due day in words, progress. */
export function overdueRowsView(
  rows: OverdueRow[],
  editions: CourseEdition[],
  roleLabel: (role: string) => string,
  /** The day the list is as of: how many days past due each row is counts from it. */
  asOf: string,
) {
  const titles = new Map(editions.map((e) => [`${e.id}@${e.edition}`, e]));
  return rows.map((row) => {
    const course = titles.get(`${row.courseId}@${row.edition}`);
    const modules = course ? modulesFor(course, row.jobRole).length : 0;
    return {
      ...row,
      name: `${row.firstName} ${row.lastName}`,
      role: roleLabel(row.jobRole),
      courseTitle: course?.title ?? row.courseId,
      dueText: longDate(row.dueDate),
      lateText: dueDistance(row.dueDate, asOf),
      progress:
        row.startedAt || row.modulesDone ? `${row.modulesDone} of ${modules} modules read` : 'Not started',
    };
  });
}
