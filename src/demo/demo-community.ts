import type { CohortsService } from '../cohorts/cohorts.service.js';
import type { JoinService } from '../cohorts/join.service.js';
import type { CourseCatalog } from '../courses/course-catalog.service.js';
import { newToken } from '../identity/secrets.js';
import { addDays } from '../learning/assignment-rules.js';
import type { ProgressService } from '../learning/progress.service.js';

/** The shipped course the demo's community cohort takes, when the courses folder has it. */
export const DEMO_COMMUNITY_COURSE = 'carma';

/** Sample partners and how far each got: modules read, and whether they finished (attestation and quiz). */
const PARTNERS = [
  {
    firstName: 'Rosa',
    lastName: 'Medina',
    email: 'rosa.medina@partners.example.org',
    modules: 99,
    finish: true,
  },
  {
    firstName: 'Kwame',
    lastName: 'Boateng',
    email: 'kwame.boateng@partners.example.org',
    modules: 99,
    finish: true,
  },
  {
    firstName: 'Lena',
    lastName: 'Fischer',
    email: 'lena.fischer@partners.example.org',
    modules: 2,
    finish: false,
  },
  {
    firstName: 'Tomás',
    lastName: 'Ruiz',
    email: 'tomas.ruiz@partners.example.org',
    modules: 0,
    finish: false,
  },
];

/**
 * One community cohort for the demo district, joined the real way (the join service) by a few family and
 * community partners: two finished with certificates, one part-way, one not started. Their passwords
 * are random: nobody signs in as them. The number of people in it.
 */
export async function seedDemoCommunity(
  cohorts: CohortsService,
  joins: JoinService,
  progress: ProgressService,
  catalog: CourseCatalog,
  today: string,
): Promise<number> {
  const course = catalog.current(DEMO_COMMUNITY_COURSE);
  if (!course) return 0;
  const cohort = await cohorts.create(
    {
      name: 'Family and community partners, fall 2026',
      courseIds: [course.id],
      closesOn: addDays(today, 30),
    },
    null,
  );
  const right = Object.fromEntries(
    course.quiz.map((q) => [q.id, q.type === 'single' ? q.answer[0] : q.answer]),
  );
  for (const partner of PARTNERS) {
    const { account } = await joins.join(
      { code: cohort.code, ...partner, password: newToken() },
      'demo district',
    );
    const key = { accountId: account.id, courseId: course.id };
    const work = await progress.workOf(key);
    for (const module of work.course.modules.slice(0, partner.modules))
      await progress.completeModule(key, module.id);
    if (!partner.finish) continue;
    if (work.course.attestation) await progress.attest(key);
    await progress.submitAttempt(key, right);
  }
  return PARTNERS.length;
}
