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
): { next: string; nextLabel: string; then: string } {
  const base = `/learn/${work.course.id}`;
  const back = { next: base, nextLabel: 'Back to the course', then: 'the course page' };
  if (standing.completedAt) return back;
  if (!standing.passed) return { next: `${base}/quiz`, nextLabel: 'Go to the quiz', then: 'the quiz' };
  const done = new Set([...standing.modulesDone, ...(reading ? [reading] : [])]);
  const modulesLeft = work.course.modules.some((m) => !done.has(m.id));
  if (work.course.attestation && !standing.attestedAt && !modulesLeft)
    return { next: `${base}/attest`, nextLabel: 'Go to the attestation', then: 'the attestation' };
  return back;
}

/** When a follow-up comes, came or was done, in words. */
export function followUpWhen(followUp: MyFollowUp): string {
  if (followUp.doneAt) return `done ${longDate(followUp.doneAt)}`;
  return `${followUp.state === 'due' ? 'ready since' : 'comes on'} ${longDate(followUp.dueOn)}`;
}

/** Where a learner stands on a course, as the course's pages read it. */
export interface StandingFacts {
  modulesDone: string[];
  attempts: number;
  passed: boolean;
  attestedAt: Date | null;
  completedAt: Date | null;
}

/**
 * The course page's first button: where to pick up. "Start" before anything is done, else "Continue"
 * with the first module not read, the quiz or the attestation; after completion, the completion page.
 */
export function pickUp(work: Work, standing: StandingFacts): { href: string; label: string } {
  const base = `/learn/${work.course.id}`;
  if (standing.completedAt) return { href: `${base}/complete`, label: 'See your completion' };
  const done = new Set(standing.modulesDone);
  const open = work.course.modules.find((m) => !done.has(m.id));
  const begun = done.size > 0 || standing.attempts > 0 || Boolean(standing.attestedAt);
  if (open)
    return {
      href: `${base}/modules/${open.id}`,
      label: begun ? `Continue with ${open.title}` : 'Start the course',
    };
  if (!standing.passed) return { href: `${base}/quiz`, label: 'Continue to the quiz' };
  return { href: `${base}/attest`, label: 'Continue to the attestation' };
}

/** "3 of 7 modules read", and what a progress bar needs. */
export function moduleProgress(work: Work, standing: Pick<StandingFacts, 'modulesDone'>) {
  const total = work.course.modules.length;
  const done = standing.modulesDone.length;
  return { done, total, text: `${done} of ${total} module${total === 1 ? '' : 's'} read` };
}

/**
 * The line that confirms "Mark as read and continue" on the page it leads to: only when the module it
 * names is one of this course's and is marked read, so a hand-made link cannot claim what did not happen.
 */
export function readConfirmation(work: Work, standing: StandingFacts, read: unknown): string | null {
  if (typeof read !== 'string') return null;
  const index = work.course.modules.findIndex((m) => m.id === read);
  if (index < 0 || !standing.modulesDone.includes(read)) return null;
  return `Module ${index + 1} of ${work.course.modules.length} marked as read: ${work.course.modules[index].title}.`;
}

/** A link with `?read=` for the page after a module marked read. */
export function withRead(href: string, moduleId: string): string {
  return `${href}${href.includes('?') ? '&' : '?'}read=${encodeURIComponent(moduleId)}`;
}

/**
 * A practice attempt (after completion: scored, never stored) survives a refresh as the questions it
 * got right, one character per question in quiz order: `101`. It carries nothing the learner's own
 * result page does not show them, and no correct option; forging it only changes what the learner
 * sees on a page that says nothing was recorded.
 */
export function practiceMarks(quiz: { id: string }[], results: { questionId: string; correct: boolean }[]) {
  const right = new Set(results.filter((r) => r.correct).map((r) => r.questionId));
  return quiz.map((q) => (right.has(q.id) ? '1' : '0')).join('');
}

/** The marks read back against the quiz as it is: undefined when they do not fit it (a stale link). */
export function readPracticeMarks(quiz: { id: string }[], marks: unknown): Map<string, boolean> | undefined {
  if (typeof marks !== 'string' || marks.length !== quiz.length || !/^[01]+$/.test(marks)) return undefined;
  return new Map(quiz.map((q, i) => [q.id, marks[i] === '1']));
}
