import { describe, expect, it } from '@jest/globals';
import {
  type AssignmentFacts,
  dueDateFor,
  type EditionRules,
  editionsInForce,
  planAssignments,
  type StaffFacts,
  statusOf,
  weekdayOnOrAfter,
} from './assignment-rules.js';

/** 2026-27: opens Friday 2026-08-07 (a weekday), due Friday 2026-10-30, new hires 30 days. */
const edition: EditionRules = {
  courseId: 'healing',
  edition: '2026-27',
  audienceRoles: 'all',
  opensOn: '2026-08-07',
  dueDate: '2026-10-30',
  newHireDueDays: 30,
};
const teachersOnly: EditionRules = { ...edition, courseId: 'classroom', audienceRoles: ['teacher'] };
const person = (overrides: Partial<StaffFacts> = {}): StaffFacts => ({
  staffId: 1,
  jobRole: 'teacher',
  status: 'active',
  hireDate: '2019-08-15',
  changedOn: null,
  ...overrides,
});
const row = (overrides: Partial<AssignmentFacts> = {}): AssignmentFacts => ({
  id: 10,
  staffId: 1,
  courseId: 'healing',
  edition: '2026-27',
  dueDate: '2026-10-30',
  exemptSource: null,
  exemptOn: null,
  withdrawnOn: null,
  startedAt: null,
  completedAt: null,
  ...overrides,
});

describe('due dates', () => {
  it('staff hired before the edition opened are due on its due date', () => {
    expect(dueDateFor(edition, person({ hireDate: '2026-08-06' }))).toBe('2026-10-30');
  });

  it('staff hired after the edition opened are due 30 days after their hire date', () => {
    // 2026-11-02 + 30 = 2026-12-02, a Wednesday.
    expect(dueDateFor(edition, person({ hireDate: '2026-11-02' }))).toBe('2026-12-02');
  });

  it('a computed due date on a weekend moves to the Monday after', () => {
    // 2026-09-01 + 30 = 2026-10-01 (Thursday); 2026-09-03 + 30 = 2026-10-03 (Saturday) → Monday 10-05.
    expect(dueDateFor(edition, person({ hireDate: '2026-09-03' }))).toBe('2026-10-05');
    expect(weekdayOnOrAfter('2026-10-04')).toBe('2026-10-05');
    expect(weekdayOnOrAfter('2026-10-02')).toBe('2026-10-02');
  });

  it('a due date the trainer wrote on a weekend is kept as written', () => {
    expect(dueDateFor({ ...edition, dueDate: '2026-10-31' }, person())).toBe('2026-10-31');
  });

  it('staff back from leave after the due date get 30 days from their return', () => {
    // Returned 2026-11-23 (Monday) + 30 = 2026-12-23 (Wednesday).
    expect(dueDateFor(edition, person({ changedOn: '2026-11-23' }))).toBe('2026-12-23');
  });

  it('staff who become eligible early in the year are never due before their colleagues', () => {
    expect(dueDateFor(edition, person({ changedOn: '2026-08-20' }))).toBe('2026-10-30');
  });
});

describe('statuses', () => {
  const today = '2026-11-23';
  it.each([
    ['not started, not yet due', row({ dueDate: '2026-12-01' }), 'not_started'],
    ['started, not yet due', row({ dueDate: '2026-12-01', startedAt: new Date() }), 'in_progress'],
    ['due today is not overdue', row({ dueDate: today }), 'not_started'],
    ['past the due date and not completed', row({ dueDate: '2026-11-22', startedAt: new Date() }), 'overdue'],
    ['completed late is completed', row({ dueDate: '2026-10-30', completedAt: new Date() }), 'completed'],
    ['exempt past the due date', row({ dueDate: '2026-10-30', exemptSource: 'leave' }), 'exempt'],
  ] as [string, AssignmentFacts, string][])('%s', (_name, assignment, status) => {
    expect(statusOf(assignment, today)).toBe(status);
  });
});

describe('assignments', () => {
  it('assigns an open edition to active staff in its audience, and nothing before it opens', () => {
    const staff = [person({ staffId: 1 }), person({ staffId: 2, jobRole: 'support' })];
    expect(planAssignments(staff, [teachersOnly], [], '2026-08-06').create).toEqual([]);
    const plan = planAssignments(staff, [teachersOnly], [], '2026-08-07');
    expect(plan.create).toEqual([
      {
        staffId: 1,
        courseId: 'classroom',
        edition: '2026-27',
        dueDate: '2026-10-30',
        exemptSource: null,
        exemptOn: null,
        withdrawnOn: null,
      },
    ]);
  });

  it('exempts staff on leave, and lifts it when they return, with 30 days from the return', () => {
    const onLeave = planAssignments([person({ status: 'leave' })], [edition], [], '2026-09-01');
    expect(onLeave.create[0]).toMatchObject({
      exemptSource: 'leave',
      exemptOn: '2026-09-01',
      dueDate: '2026-10-30',
    });
    const back = planAssignments(
      [person({ status: 'active', changedOn: '2026-11-23' })],
      [edition],
      [row({ exemptSource: 'leave', exemptOn: '2026-09-01' })],
      '2026-11-23',
    );
    expect(back.update).toEqual([
      { id: 10, dueDate: '2026-12-23', exemptSource: null, exemptOn: null, withdrawnOn: null },
    ]);
  });

  it('an exemption keeps the day it began while it lasts', () => {
    const stillAway = planAssignments(
      [person({ status: 'leave' })],
      [edition],
      [row({ exemptSource: 'hr', exemptOn: '2026-09-20' })],
      '2026-11-23',
    );
    expect(stillAway.update).toEqual([]);
    const nowOnLeave = planAssignments([person({ status: 'leave' })], [edition], [row()], '2026-11-23');
    expect(nowOnLeave.update).toEqual([
      { id: 10, dueDate: '2026-10-30', exemptSource: 'leave', exemptOn: '2026-11-23', withdrawnOn: null },
    ]);
  });

  it('keeps an exemption HR gave even when the person is active', () => {
    expect(
      planAssignments([person()], [edition], [row({ exemptSource: 'hr' })], '2026-09-01').update,
    ).toEqual([]);
  });

  it('a role change mid-year into the audience assigns it with time to finish; out of it withdraws it', () => {
    const moved = planAssignments(
      [person({ jobRole: 'teacher', changedOn: '2026-11-10' })],
      [teachersOnly],
      [],
      '2026-11-10',
    );
    // 2026-11-10 + 30 = 2026-12-10 (Thursday), later than the course's 2026-10-30.
    expect(moved.create[0]).toMatchObject({ courseId: 'classroom', dueDate: '2026-12-10' });
    const away = planAssignments(
      [person({ jobRole: 'support', changedOn: '2026-11-10' })],
      [teachersOnly],
      [row({ courseId: 'classroom' })],
      '2026-11-10',
    );
    expect(away.update).toEqual([
      { id: 10, dueDate: '2026-10-30', exemptSource: null, exemptOn: null, withdrawnOn: '2026-11-10' },
    ]);
  });

  it('a role change within the audience keeps the due date: an overdue person stays overdue', () => {
    const counselor = person({ jobRole: 'counselor', changedOn: '2026-11-23' });
    expect(planAssignments([counselor], [edition], [row()], '2026-11-23').update).toEqual([]);
    // Hired after the edition opened: the new-hire date stays too.
    const newHire = person({ hireDate: '2026-09-01', jobRole: 'counselor', changedOn: '2026-11-23' });
    expect(
      planAssignments([newHire], [edition], [row({ dueDate: '2026-10-01' })], '2026-11-23').update,
    ).toEqual([]);
  });

  it('time given on a return from leave lasts through later runs and a later role change', () => {
    const back = person({ changedOn: '2026-11-23' });
    const given = row({ dueDate: '2026-12-23' });
    expect(planAssignments([back], [edition], [given], '2026-11-24').update).toEqual([]);
    const moved = person({ jobRole: 'counselor', changedOn: '2026-12-01' });
    expect(planAssignments([moved], [edition], [given], '2026-12-01').update).toEqual([]);
  });

  it('a due date the trainer moves reaches everyone who counted, within the time a change gave them', () => {
    const earlier = { ...edition, dueDate: '2026-10-23' };
    expect(planAssignments([person()], [earlier], [row()], '2026-09-01').update).toEqual([
      { id: 10, dueDate: '2026-10-23', exemptSource: null, exemptOn: null, withdrawnOn: null },
    ]);
    const later = { ...edition, dueDate: '2027-01-15' };
    const back = person({ changedOn: '2026-11-23' });
    expect(planAssignments([back], [later], [row({ dueDate: '2026-12-23' })], '2026-11-24').update).toEqual([
      { id: 10, dueDate: '2027-01-15', exemptSource: null, exemptOn: null, withdrawnOn: null },
    ]);
  });

  it('inactive staff are not assigned; re-hired, their assignment comes back with a new-hire due date', () => {
    const gone = planAssignments(
      [person({ status: 'inactive', changedOn: '2026-09-15' })],
      [edition],
      [row()],
      '2026-09-15',
    );
    expect(gone.update).toEqual([
      { id: 10, dueDate: '2026-10-30', exemptSource: null, exemptOn: null, withdrawnOn: '2026-09-15' },
    ]);
    expect(planAssignments([person({ status: 'inactive' })], [edition], [], '2026-09-15').create).toEqual([]);
    const rehired = planAssignments(
      [person({ status: 'active', hireDate: '2027-01-11', changedOn: '2027-01-11' })],
      [edition],
      [row({ withdrawnOn: '2026-09-15' })],
      '2027-01-11',
    );
    // 2027-01-11 + 30 = 2027-02-10 (Wednesday).
    expect(rehired.update).toEqual([
      { id: 10, dueDate: '2027-02-10', exemptSource: null, exemptOn: null, withdrawnOn: null },
    ]);
  });

  it('two editions of one course: the new year is a new assignment and last year stays as it was', () => {
    const next: EditionRules = {
      ...edition,
      edition: '2027-28',
      opensOn: '2027-08-06',
      dueDate: '2027-10-29',
    };
    expect(editionsInForce([edition, next], '2027-08-05').map((e) => e.edition)).toEqual(['2026-27']);
    expect(editionsInForce([edition, next], '2027-08-06').map((e) => e.edition)).toEqual(['2027-28']);
    const lastYear = row({ completedAt: new Date('2026-10-01T10:00:00Z') });
    const plan = planAssignments(
      [person({ jobRole: 'support', changedOn: '2027-09-01' })],
      [edition, next],
      [lastYear],
      '2027-09-01',
    );
    expect(plan.create).toEqual([
      {
        staffId: 1,
        courseId: 'healing',
        edition: '2027-28',
        dueDate: '2027-10-29',
        exemptSource: null,
        exemptOn: null,
        withdrawnOn: null,
      },
    ]);
    expect(plan.update).toEqual([]);
  });

  it('leaves a completed assignment’s due date as it was', () => {
    const done = row({ completedAt: new Date('2026-10-01T10:00:00Z') });
    expect(
      planAssignments([person({ changedOn: '2026-11-23' })], [edition], [done], '2026-11-23').update,
    ).toEqual([]);
  });

  it('changes nothing when run twice', () => {
    const staff = [person({ staffId: 1 }), person({ staffId: 2, status: 'leave' })];
    const first = planAssignments(staff, [edition], [], '2026-09-01');
    const rows = first.create.map((c, i) => ({ ...c, id: i + 1, startedAt: null, completedAt: null }));
    expect(planAssignments(staff, [edition], rows, '2026-09-01')).toEqual({ create: [], update: [] });
  });
});
