import { describe, expect, it } from '@jest/globals';
import type { ProgramEdition } from '../courses/course.types.js';
import { inProgramAudience, type ProgramFacts, programProgress } from './program-rules.js';

const PROGRAM: ProgramEdition = {
  id: 'carma-practitioner',
  edition: '2026-27',
  title: 'CARMA Practitioner Certification',
  summary: '',
  courses: [
    { courseId: 'healing-centered', edition: '2026-27' },
    { courseId: 'carma', edition: '2026-27' },
  ],
  sessionsRequired: 3,
  opensOn: '2026-08-01',
  finishBy: '2028-06-30',
  audienceRoles: null,
  audienceSites: null,
  pdHours: 20,
  practicum: 'I did the practicum.',
  draft: false,
  overviewHtml: '',
  contentHash: '',
  folder: 'carma-practitioner/2026-27',
};

const facts = (change: Partial<ProgramFacts> = {}): ProgramFacts => ({
  coursesDone: new Set(),
  sessionsAttended: 0,
  practicumAt: null,
  completedAt: null,
  ...change,
});

describe('program rules', () => {
  it('counts each course, the sessions together and the practicum as parts', () => {
    const progress = programProgress(
      PROGRAM,
      facts({ coursesDone: new Set(['carma@2026-27']), sessionsAttended: 2 }),
      '2027-01-10',
    );
    expect(progress).toMatchObject({ partsDone: 1, partsTotal: 4, due: false, status: 'in_progress' });
    expect(progress.courses.map((c) => c.done)).toEqual([false, true]);
    expect(progress.sessions).toEqual({ required: 3, attended: 2 });
  });

  it('is due for completion once every part is done, and not after it is completed', () => {
    const all = facts({
      coursesDone: new Set(['carma@2026-27', 'healing-centered@2026-27']),
      sessionsAttended: 3,
      practicumAt: new Date(),
    });
    expect(programProgress(PROGRAM, all, '2028-06-30')).toMatchObject({
      partsDone: 4,
      due: true,
      status: 'in_progress',
    });
    expect(programProgress(PROGRAM, { ...all, completedAt: new Date() }, '2028-06-30')).toMatchObject({
      due: false,
      status: 'completed',
    });
  });

  it('closes after its last day: done parts no longer complete it', () => {
    const all = facts({
      coursesDone: new Set(['carma@2026-27', 'healing-centered@2026-27']),
      sessionsAttended: 3,
      practicumAt: new Date(),
    });
    expect(programProgress(PROGRAM, all, '2028-07-01')).toMatchObject({ due: false, status: 'closed' });
  });

  it('does not count another edition of a course', () => {
    expect(
      programProgress(PROGRAM, facts({ coursesDone: new Set(['carma@2027-28']) }), '2027-01-10').partsDone,
    ).toBe(0);
  });

  it('takes in its audience by role and site, and nobody when it has none (HR enrols)', () => {
    const teacher = { jobRole: 'teacher', siteCode: 'LIN', status: 'active' };
    expect(inProgramAudience(PROGRAM, teacher)).toBe(false);
    expect(inProgramAudience({ audienceRoles: ['teacher'], audienceSites: null }, teacher)).toBe(true);
    expect(inProgramAudience({ audienceRoles: ['teacher'], audienceSites: ['OAK'] }, teacher)).toBe(false);
    expect(inProgramAudience({ audienceRoles: null, audienceSites: ['LIN'] }, teacher)).toBe(true);
    expect(
      inProgramAudience({ audienceRoles: 'all', audienceSites: null }, { ...teacher, status: 'inactive' }),
    ).toBe(false);
  });
});
