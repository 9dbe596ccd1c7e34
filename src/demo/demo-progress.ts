import type { QuizQuestion } from '../courses/course.types.js';
import { localDay, startOfLocalDay } from '../common/clock.js';
import type { Database } from '../database/database.js';
import { addDays } from '../learning/assignment-rules.js';
import type { ModuleProgress } from '../learning/module-progress.entity.js';
import type { ProgressService, Work, WorkKey } from '../learning/progress.service.js';
import { DEMO_ACCOUNTS, generator } from './demo-roster.js';
import { DemoRepository } from './demo.repository.js';

/** Per course: the share of the demo staff who have finished it, and who have started it. */
const PACE: Record<string, { completed: number; started: number }> = {
  'healing-centered': { completed: 0.74, started: 0.84 },
  carma: { completed: 0.38, started: 0.62 },
};
const DEFAULT_PACE = { completed: 0.5, started: 0.7 };

/** Some questions trip people up more than others, so the quiz statistics have a story to tell. */
function answersFor(quiz: QuizQuestion[], random: () => number, firstTry: boolean) {
  return Object.fromEntries(
    quiz.map((question, i) => {
      const trap = i % 5 === 2 ? 0.55 : i % 7 === 3 ? 0.35 : 0.08;
      const wrong = question.options.find((option) => !question.answer.includes(option.id));
      const miss = firstTry && wrong && random() < trap;
      const chosen = miss ? [wrong.id] : question.answer;
      return [question.id, question.type === 'single' ? chosen[0] : chosen];
    }),
  );
}

/**
 * Gives the demo district a believable autumn: most staff have finished the course that was due in
 * October, fewer the one due in January, some are part-way, and some first attempts at the quiz missed.
 * It goes through the learner's own services (so certificates and statistics are real), then moves the
 * dates back into the term: afternoons in the server's time zone, never before the person was hired and
 * never after `now`. The demo sign-ins are left untouched, to try the courses themselves.
 */
export async function seedDemoProgress(database: Database, progress: ProgressService, now: Date) {
  const demo = new DemoRepository(database);
  const today = localDay(now);
  /** A local time of day on a day, or now if that is later than now (a day capped to today). */
  const at = (day: string, hours: number, minutes: number) => {
    const moment = startOfLocalDay(day);
    moment.setHours(hours, minutes);
    return moment > now ? now : moment;
  };
  const random = generator(1127);
  const skip = new Set(DEMO_ACCOUNTS.map((account) => account.employeeId));
  const rows = await demo.assignments();
  const plans: { key: WorkKey; work: Work; started: Date; completed: Date | null }[] = [];
  const read: Omit<ModuleProgress, 'id'>[] = [];
  for (const row of rows) {
    if (skip.has(row.employeeId) || row.exemptSource || row.withdrawnOn) continue;
    const pace = PACE[row.courseId] ?? DEFAULT_PACE;
    const roll = random();
    if (roll >= pace.started) continue;
    const key = { accountId: row.accountId, courseId: row.courseId, edition: row.edition };
    const work = await progress.workOf(key);
    if (work.course.opensOn > today) continue;
    // Started some days after the edition opened (or the person was hired); finished within a few weeks,
    // some after the due date.
    const from = row.hireDate > work.course.opensOn ? row.hireDate : work.course.opensOn;
    const startDay = addDays(from, 3 + Math.floor(random() * 60));
    const endDay = addDays(startDay, 2 + Math.floor(random() * 40));
    const started = at(startDay < today ? startDay : today, 14, 0);
    const finish = roll < pace.completed;
    const modules = work.course.modules;
    const count = finish ? modules.length : 1 + Math.floor(random() * (modules.length - 1));
    for (const module of modules.slice(0, count)) {
      read.push({
        assignmentId: row.id,
        moduleId: module.id,
        contentHash: module.contentHash,
        completedAt: started,
      });
    }
    plans.push({
      key,
      work,
      started,
      completed: finish ? at(endDay < today ? endDay : today, 15, 30) : null,
    });
  }
  // Module reading is plain records, written in bulk; the attestation and the quiz go through the
  // learner's services, so completions, certificates and quiz statistics are made the real way.
  await database.transaction(() => demo.addModuleProgress(read));
  for (const plan of plans.filter((p) => p.completed)) {
    const quiz = plan.work.course.quiz;
    await progress.attest(plan.key);
    const first = await progress.submitAttempt(plan.key, answersFor(quiz, random, true));
    if (!first.completion) await progress.submitAttempt(plan.key, answersFor(quiz, random, false));
  }
  // Then the dates move back into the term.
  await database.transaction(async () => {
    for (const { work, started, completed } of plans)
      await demo.backdate(work.assignment.id, started, completed);
  });
  return { started: plans.length, completed: plans.filter((p) => p.completed).length };
}
