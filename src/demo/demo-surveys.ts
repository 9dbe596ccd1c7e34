import type { CourseEdition } from '../courses/course.types.js';
import type { Database } from '../database/database.js';
import type { SurveyPhase } from '../surveys/survey-answer.entity.js';
import { SurveysRepository } from '../surveys/surveys.repository.js';
import { DEMO_ACCOUNTS, generator } from './demo-roster.js';
import { DemoRepository } from './demo.repository.js';

/** How many of those asked answer: most before, fewer after (some skip, as people do). */
const ANSWER_SHARE: Record<SurveyPhase, number> = { pre: 0.72, post: 0.6 };
/** The mean attitude before and after on the five-point scale, for items worded the usual way round. */
const MEAN: Record<SurveyPhase, number> = { pre: 3.0, post: 3.8 };

/**
 * Anonymous survey answers for the demo district, so the report has a before-and-after story and some
 * hidden groups (a job role with few people at a site, the after answers of a course few have finished).
 * Written as the surveys write them: answer rows with only the edition, phase, site and role, and a
 * separate mark per person. The demo sign-ins are left unmarked, to try the survey themselves.
 */
export async function seedDemoSurveys(database: Database, courses: CourseEdition[]): Promise<number> {
  const surveys = new SurveysRepository(database);
  const random = generator(1903);
  const skip = new Set(DEMO_ACCOUNTS.map((account) => account.employeeId));
  const takers = await new DemoRepository(database).surveyTakers();
  let answered = 0;
  await database.transaction(async () => {
    const rows: Parameters<SurveysRepository['addAnswers']>[0] = [];
    for (const taker of takers) {
      const survey = courses.find((c) => c.id === taker.courseId && c.edition === taker.edition)?.survey;
      if (!survey || skip.has(taker.employeeId)) continue;
      // A person's own leaning, the same before and after, so the change is the course's.
      const leaning = (random() - 0.5) * 1.6;
      for (const phase of ['pre', 'post'] as const) {
        if (phase === 'post' && !taker.completedAt) continue;
        const answers = random() < ANSWER_SHARE[phase];
        const key = { accountId: taker.accountId, courseId: taker.courseId, edition: taker.edition, phase };
        await surveys.mark(key, answers ? 'answered' : 'skipped');
        if (!answers) continue;
        answered++;
        survey.items.forEach((item, i) => {
          if (random() < 0.04) return; // a statement left unanswered
          const toward = MEAN[phase] + leaning + (i % 3) * 0.2 - 0.2 + (random() - 0.5) * 1.8;
          const value = Math.min(5, Math.max(1, Math.round(item.reverse ? 6 - toward : toward)));
          rows.push({
            courseId: taker.courseId,
            edition: taker.edition,
            phase,
            siteCode: taker.siteCode,
            jobRole: taker.jobRole,
            itemId: item.id,
            value,
          });
        });
      }
    }
    // Shuffled, so not even the statements' order of writing follows the people's.
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    await surveys.addAnswers(rows);
  });
  return answered;
}
