import { longDate } from '../common/clock.js';
import type { MyFollowUp } from './followups.service.js';
import type { MyAssignment } from './my-assignments.service.js';
import type { Work } from './progress.service.js';

/* Where the learner's pages lead next, and their words: pure functions of what the person has done. */

/** `answer.q01=c&answer.q02=a&answer.q02=b` → `{ q01: 'c', q02: ['a', 'b'] }` */
export function answersFrom(form: Record<string, unknown>): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form))
    if (key.startsWith('answer.')) answers[key.slice('answer.'.length)] = value;
  return answers;
}

export function nextHref(assignment: Pick<MyAssignment, 'courseId' | 'next'>): string {
  const base = `/learn/${assignment.courseId}`;
  switch (assignment.next.kind) {
    case 'module':
      return `${base}/modules/${assignment.next.moduleId}`;
    case 'quiz':
      return `${base}/quiz`;
    case 'attest':
      return `${base}/attest`;
    case 'done':
      return `${base}/complete`;
    case 'unavailable':
      return base;
  }
}

/**
 * Where the last module leads: the first step of the course not yet done, else back to the course. On
 * the last module's own page, `reading` (that module) counts as done: the link is for after it.
 */
export function stepAfterModules(
  work: Work,
  standing: { passed: boolean; attestedAt: Date | null; completedAt: Date | null; modulesDone: string[] },
  reading?: string,
): { next: string; nextLabel: string } {
  const base = `/learn/${work.course.id}`;
  if (standing.completedAt) return { next: base, nextLabel: 'Back to the course' };
  if (!standing.passed) return { next: `${base}/quiz`, nextLabel: 'Go to the quiz' };
  const done = new Set([...standing.modulesDone, ...(reading ? [reading] : [])]);
  const modulesLeft = work.course.modules.some((m) => !done.has(m.id));
  if (work.course.attestation && !standing.attestedAt && !modulesLeft)
    return { next: `${base}/attest`, nextLabel: 'Go to the attestation' };
  return { next: base, nextLabel: 'Back to the course' };
}

/** When a follow-up comes, came or was done, in words. */
export function followUpWhen(followUp: MyFollowUp): string {
  if (followUp.doneAt) return `done ${longDate(followUp.doneAt)}`;
  return `${followUp.state === 'due' ? 'ready since' : 'comes on'} ${longDate(followUp.dueOn)}`;
}
