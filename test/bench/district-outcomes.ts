import type { CourseEdition } from '../../src/courses/course.types.js';
import type { Assignment } from '../../src/learning/assignment.entity.js';
import type { Person } from './district-people.js';
import type { QuizAnswers } from './quiz-answers.js';
import type { Random } from './random.js';

/** The fixed "today" of the bench district (HEARTH_TODAY for its servers): after one due date, before the other. */
export const DISTRICT_TODAY = '2026-11-23';

const HR_REASON = 'Completed equivalent training with a previous employer';

/** What happened to one assignment, decided before it is written. */
export interface Outcome {
  row: Omit<Assignment, 'id' | 'staff'>;
  course: CourseEdition;
  accountId: number;
  holderName: string;
  modulesDone: number;
  /** Quiz attempts in order; only a completed assignment ends with a passing one. */
  attempts: {
    chosen: Map<string, string[]>;
    score: number;
    passed: boolean;
    correct: Map<string, boolean>;
  }[];
}

/** A time of day on a date between `from` and `to` (YYYY-MM-DD, inclusive). */
function timeBetween(from: string, to: string, random: Random): Date {
  const start = Date.parse(`${from}T14:00:00Z`);
  const end = Math.max(start, Date.parse(`${to}T14:00:00Z`));
  return new Date(start + Math.floor(random() * ((end - start) / 60_000 + 1)) * 60_000);
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const dayBefore = (date: string) => isoDay(new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000));

/**
 * Decides one assignment's story and fills in its row: completed (modules, attempts ending in a pass,
 * attestation), started (some modules, maybe a failed attempt), exempted by HR, or untouched.
 */
export function decide(
  course: CourseEdition,
  answers: QuizAnswers,
  row: Outcome['row'],
  person: Person,
  completedShare: number,
  random: Random,
): Pick<Outcome, 'modulesDone' | 'attempts'> {
  const modules = course.modules.length;
  const startFrom = [course.opensOn, person.hireDate, person.changedOn ?? ''].sort().at(-1) as string;
  const lastDay = dayBefore(DISTRICT_TODAY);
  const attempt = (pass: boolean) => {
    const { chosen, result } = answers.attempt(pass);
    const correct = new Map(result.results.map((r) => [r.questionId, r.correct]));
    return { chosen, score: result.score, passed: result.passed, correct };
  };
  // People on leave mostly stopped before starting; a few had begun.
  const completes = !row.exemptSource && random() < completedShare;
  if (completes) {
    const startedAt = timeBetween(startFrom, lastDay, random);
    const completedAt = new Date(startedAt.getTime() + (30 + Math.floor(random() * 600)) * 60_000);
    const failures = random() < 0.75 ? 0 : random() < 0.8 ? 1 : 2;
    const attempts = [...Array.from({ length: failures }, () => attempt(false)), attempt(true)];
    const best = attempts[attempts.length - 1];
    Object.assign(row, {
      startedAt,
      attestedAt: course.attestation ? completedAt : null,
      completedAt,
      contentHash: course.contentHash,
      quizScore: best.score,
    });
    return { modulesDone: modules, attempts };
  }
  if (random() < (row.exemptSource ? 0.2 : 0.45)) {
    row.startedAt = timeBetween(startFrom, lastDay, random);
    const modulesDone = 1 + Math.floor(random() * modules);
    // Some finished the reading and failed the quiz; no one here has passed it without completing.
    const attempts = modulesDone === modules && random() < 0.5 ? [attempt(false)] : [];
    return { modulesDone, attempts };
  }
  if (!row.exemptSource && random() < 0.01)
    Object.assign(row, { exemptSource: 'hr', exemptReason: HR_REASON });
  return { modulesDone: 0, attempts: [] };
}

/** Writes one chunk of people (accounts, staff, their assignments and all that follows) in one transaction. */
