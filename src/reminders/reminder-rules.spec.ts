import { describe, expect, it } from '@jest/globals';
import {
  digestSubject,
  dueInWords,
  isReminderDay,
  isSiteDigestDay,
  learnerDigest,
  type PendingCourse,
  triggerDueDates,
} from './reminder-rules.js';

const course = (overrides: Partial<PendingCourse>): PendingCourse => ({
  staffId: 7,
  email: 'ana@district.org',
  firstName: 'Ana',
  title: 'CARMA',
  dueDate: '2026-10-15',
  href: 'https://hearth.example/learn/carma',
  ...overrides,
});

describe('isReminderDay', () => {
  const due = '2026-10-15';

  it('reminds 14, 7 and 1 days before the due date', () => {
    expect(isReminderDay(due, '2026-10-01')).toBe(true);
    expect(isReminderDay(due, '2026-10-08')).toBe(true);
    expect(isReminderDay(due, '2026-10-14')).toBe(true);
  });

  it('stays quiet on the other days before it, and on the day itself', () => {
    for (const day of ['2026-09-30', '2026-10-02', '2026-10-07', '2026-10-09', '2026-10-13', '2026-10-15'])
      expect(isReminderDay(due, day)).toBe(false);
  });

  it('reminds the day after the due date, then once a week', () => {
    const overdueDays = ['2026-10-16', '2026-10-23', '2026-10-30', '2027-01-01'];
    for (const day of overdueDays) expect(isReminderDay(due, day)).toBe(true);
    for (const day of ['2026-10-17', '2026-10-22', '2026-10-24', '2026-10-29'])
      expect(isReminderDay(due, day)).toBe(false);
  });

  it('counts days across a change of month and year, and a leap day', () => {
    expect(isReminderDay('2028-03-01', '2028-02-16')).toBe(true); // 14 days, across 29 February
    expect(isReminderDay('2027-01-07', '2026-12-31')).toBe(true);
  });
});

describe('triggerDueDates', () => {
  it('lists exactly the due dates isReminderDay accepts, back to the earliest pending one', () => {
    const today = '2026-11-20';
    const dates = triggerDueDates(today, '2026-09-01');
    expect(dates.slice(0, 4)).toEqual(['2026-12-04', '2026-11-27', '2026-11-21', '2026-11-19']);
    // Every due date from the earliest to a month ahead: in the list exactly when it calls for a digest.
    for (let time = Date.parse('2026-09-01'); time <= Date.parse('2026-12-20'); time += 86_400_000) {
      const due = new Date(time).toISOString().slice(0, 10);
      expect(dates.includes(due)).toBe(isReminderDay(due, today));
    }
  });

  it('goes no further back than the earliest pending due date', () => {
    expect(triggerDueDates('2026-11-20', '2026-11-20')).toEqual(['2026-12-04', '2026-11-27', '2026-11-21']);
  });
});

describe('isSiteDigestDay', () => {
  it('is Monday', () => {
    expect(isSiteDigestDay('2026-11-30')).toBe(true);
    expect(isSiteDigestDay('2026-12-01')).toBe(false);
    expect(isSiteDigestDay('2026-12-06')).toBe(false);
  });
});

describe('dueInWords', () => {
  it('says how soon, and the day', () => {
    expect(dueInWords('2026-10-15', '2026-10-01')).toBe('due in 14 days, on October 15, 2026');
    expect(dueInWords('2026-10-15', '2026-10-14')).toBe('due tomorrow, October 15, 2026');
    expect(dueInWords('2026-10-15', '2026-10-15')).toBe('due today, October 15, 2026');
    expect(dueInWords('2026-10-15', '2026-10-16')).toBe('was due yesterday, October 15, 2026');
    expect(dueInWords('2026-10-15', '2026-10-23')).toBe('was due 8 days ago, on October 15, 2026');
  });
});

describe('learnerDigest', () => {
  it('lists every pending course, soonest first, and counts the past-due ones', () => {
    const digest = learnerDigest(
      [
        course({ title: 'Healing-centered schools', dueDate: '2026-12-01' }),
        course({ title: 'CARMA', dueDate: '2026-10-15' }),
      ],
      '2026-10-16',
    );
    expect(digest.items.map((item) => [item.title, item.overdue])).toEqual([
      ['CARMA', true],
      ['Healing-centered schools', false],
    ]);
    expect(digest.overdue).toBe(1);
    expect(digest.email).toBe('ana@district.org');
    expect(digestSubject(digest, '2026-10-16')).toBe('2 training courses, 1 past due');
  });

  it('names the one course in the subject, as due soon or past due', () => {
    const soon = learnerDigest([course({})], '2026-10-08');
    expect(digestSubject(soon, '2026-10-08')).toBe('CARMA is due in 7 days');
    expect(digestSubject(learnerDigest([course({})], '2026-10-14'), '2026-10-14')).toBe(
      'CARMA is due tomorrow',
    );
    expect(digestSubject(learnerDigest([course({})], '2026-10-16'), '2026-10-16')).toBe(
      'CARMA is 1 day past due',
    );
    expect(digestSubject(learnerDigest([course({})], '2026-10-23'), '2026-10-23')).toBe(
      'CARMA is 8 days past due',
    );
  });

  it('says "due soon" when several are due and none is late', () => {
    const digest = learnerDigest([course({}), course({ title: 'B', dueDate: '2026-10-20' })], '2026-10-08');
    expect(digestSubject(digest, '2026-10-08')).toBe('2 training courses are due soon');
  });

  it('carries the follow-ups ready that day, beside the courses or alone', () => {
    const ready = (title: string, courseTitle = 'CARMA') => ({
      staffId: 1,
      email: 'ana@district.org',
      firstName: 'Ana',
      title,
      courseTitle,
      href: 'https://hearth.example/learn/carma/followups/x',
    });
    const both = learnerDigest([course({})], '2026-10-08', [ready('Two Weeks On')]);
    expect(both.followUps).toEqual([
      { title: 'Two Weeks On', courseTitle: 'CARMA', href: expect.any(String) },
    ]);
    expect(digestSubject(both, '2026-10-08')).toBe('CARMA is due in 7 days');
    const alone = learnerDigest([], '2026-10-08', [ready('Two Weeks On', 'Healing-Centered Practice')]);
    expect([alone.email, alone.items, alone.overdue]).toEqual(['ana@district.org', [], 0]);
    expect(digestSubject(alone, '2026-10-08')).toBe('A follow-up to Healing-Centered Practice is ready');
    expect(digestSubject(learnerDigest([], '2026-10-08', [ready('A'), ready('B')]), '2026-10-08')).toBe(
      '2 follow-ups to your training are ready',
    );
  });
});
