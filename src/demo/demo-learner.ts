import { localDay, startOfLocalDay } from '../common/clock.js';
import type { Database } from '../database/database.js';
import { addDays } from '../learning/assignment-rules.js';
import type { FollowUpsService } from '../learning/followups.service.js';
import type { ProgressService } from '../learning/progress.service.js';
import { DEMO_ACCOUNTS } from './demo-roster.js';
import { DemoRepository } from './demo.repository.js';

/** How long ago the demo learner finished the healing-centered course: two of its follow-ups have come. */
const FINISHED_DAYS_AGO = 50;

/**
 * The demo learner's own history: the healing-centered course finished seven weeks ago (a certificate,
 * a transcript line and follow-ups: the first done, the second waiting on My training), and CARMA left
 * to try. Made through the learner's services, then dated back like the rest of the demo.
 */
export async function seedDemoLearner(
  database: Database,
  progress: ProgressService,
  followUps: FollowUpsService,
  now: Date,
): Promise<void> {
  const [learner] = DEMO_ACCOUNTS;
  const accountId = await new DemoRepository(database).accountIdOf(learner.email);
  if (accountId === undefined) return;
  const key = { accountId, courseId: 'healing-centered' };
  const work = await progress.workOf(key).catch(() => undefined);
  if (!work) return;
  const day = addDays(localDay(now), -FINISHED_DAYS_AGO);
  if (day < work.course.opensOn) return;
  for (const module of work.course.modules) await progress.completeModule(key, module.id);
  if (work.course.attestation) await progress.attest(key);
  const right = Object.fromEntries(
    work.course.quiz.map((q) => [q.id, q.type === 'single' ? q.answer[0] : q.answer]),
  );
  const { completion } = await progress.submitAttempt(key, right);
  if (!completion) return;
  const started = startOfLocalDay(addDays(day, -6));
  started.setHours(15, 10);
  const finished = startOfLocalDay(day);
  finished.setHours(16, 45);
  await database.transaction(() =>
    new DemoRepository(database).backdate(work.assignment.id, started, finished),
  );
  const first = work.course.followUps[0];
  if (first) await followUps.markDone(accountId, work.course.id, first.id);
}
