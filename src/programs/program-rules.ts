import type { ProgramEdition } from '../courses/course.types.js';

/** Who a program's audience rule takes in: job roles and/or sites (both unset: HR's enrolment only). */
export function inProgramAudience(
  program: Pick<ProgramEdition, 'audienceRoles' | 'audienceSites'>,
  person: { jobRole: string; siteCode: string; status: string },
): boolean {
  if (person.status === 'inactive') return false;
  if (program.audienceRoles === null && program.audienceSites === null) return false;
  const role =
    program.audienceRoles === null ||
    program.audienceRoles === 'all' ||
    program.audienceRoles.includes(person.jobRole);
  const site = program.audienceSites === null || program.audienceSites.includes(person.siteCode);
  return role && site;
}

/** What a person has done towards a program, as the records show it. */
export interface ProgramFacts {
  /** `courseId@edition` of each course edition completed. */
  coursesDone: ReadonlySet<string>;
  /** Sessions of this program attended within its period. */
  sessionsAttended: number;
  practicumAt: Date | null;
  completedAt: Date | null;
}

export type ProgramStatus = 'completed' | 'in_progress' | 'not_started' | 'closed';

export interface ProgramProgress {
  courses: { courseId: string; edition: string; done: boolean }[];
  sessions: { required: number; attended: number };
  practicum: { required: boolean; done: boolean };
  partsDone: number;
  partsTotal: number;
  /** Every part done, and not completed yet: the completion (and its certificate) is due now. */
  due: boolean;
  status: ProgramStatus;
}

/**
 * Where a person stands in a program on a given day. Each course is a part, all the sessions together
 * are one, and so is the practicum. After `finishBy`, a program not completed is closed: nothing more
 * completes it (the parts stay on the transcript on their own).
 */
export function programProgress(
  program: ProgramEdition,
  facts: ProgramFacts,
  today: string,
): ProgramProgress {
  const courses = program.courses.map((c) => ({
    ...c,
    done: facts.coursesDone.has(`${c.courseId}@${c.edition}`),
  }));
  const sessionsDone = facts.sessionsAttended >= program.sessionsRequired;
  const practicumDone = Boolean(facts.practicumAt);
  const parts = [
    ...courses.map((c) => c.done),
    ...(program.sessionsRequired > 0 ? [sessionsDone] : []),
    ...(program.practicum ? [practicumDone] : []),
  ];
  const partsDone = parts.filter(Boolean).length;
  const started = partsDone > 0 || facts.sessionsAttended > 0;
  const open = today <= program.finishBy;
  const status: ProgramStatus = facts.completedAt
    ? 'completed'
    : !open
      ? 'closed'
      : started
        ? 'in_progress'
        : 'not_started';
  return {
    courses,
    sessions: { required: program.sessionsRequired, attended: facts.sessionsAttended },
    practicum: { required: Boolean(program.practicum), done: practicumDone },
    partsDone,
    partsTotal: parts.length,
    due: !facts.completedAt && open && partsDone === parts.length,
    status,
  };
}
