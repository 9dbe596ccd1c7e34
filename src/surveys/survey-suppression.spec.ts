import { describe, expect, it } from '@jest/globals';
import { type Figure, type GroupAnswers, suppressTable } from './survey-suppression.js';

/** `count` answers of one value each, so that a mean is easy to check. */
const g = (key: string, count: number, value = 4): GroupAnswers => ({ key, count, sum: count * value });
const shown = (figure: Figure | undefined) =>
  figure && figure.hidden === undefined ? figure.count : figure?.hidden;
const view = (groups: GroupAnswers[], min = 10) => {
  const table = suppressTable(groups, min);
  return {
    groups: Object.fromEntries(groups.map((group) => [group.key, shown(table.groups.get(group.key))])),
    total: shown(table.total),
  };
};

describe('suppressTable', () => {
  it('shows every group and the total when each has at least the minimum', () => {
    const table = suppressTable([g('north', 12, 4), g('south', 10, 2)], 10);
    expect(table.groups.get('north')).toEqual({ count: 12, mean: 4 });
    expect(table.groups.get('south')).toEqual({ count: 10, mean: 2 });
    expect(table.total).toEqual({ count: 22, mean: 3.09 });
  });

  it('hides a group of fewer answers than the minimum, count and mean alike', () => {
    const table = suppressTable([g('teacher', 25), g('paraprofessional', 14), g('counselor', 3)], 10);
    expect(table.groups.get('counselor')).toEqual({ hidden: 'small' });
    expect(JSON.stringify(table.groups.get('counselor'))).not.toMatch(/3|4/);
  });

  describe('the subtraction case: a site with 11 answers whose one role group has 2', () => {
    it('hides the other role too, so that 11 − 9 cannot give the 2 (minimum 5)', () => {
      // With a minimum of 5 the 9 teachers could be shown, but total − teachers = the 2 counselors.
      expect(view([g('teacher', 9), g('counselor', 2)], 5)).toEqual({
        groups: { teacher: 'complement', counselor: 'small' },
        total: 11,
      });
    });

    it('shows the site’s total of 11 but neither of its role groups (minimum 10)', () => {
      expect(view([g('teacher', 9), g('counselor', 2)])).toEqual({
        groups: { teacher: 'small', counselor: 'small' },
        total: 11,
      });
    });

    it('hides the next smallest group, not every group, when a third one is large', () => {
      // 31 answers: hiding the 2 counselors alone leaves 31 − 19 − 10 = 2; hiding the 10 too leaves 12.
      expect(view([g('teacher', 19), g('paraprofessional', 10), g('counselor', 2)])).toEqual({
        groups: { teacher: 19, paraprofessional: 'complement', counselor: 'small' },
        total: 31,
      });
    });

    it('keeps hiding until the hidden answers number at least the minimum', () => {
      // 3 + 4 + 2 = 9 hidden answers: the 40 must go too (49 − 40 = 9), and the total of 49 stays.
      expect(view([g('a', 40), g('b', 3), g('c', 4), g('d', 2)])).toEqual({
        groups: { a: 'complement', b: 'small', c: 'small', d: 'small' },
        total: 49,
      });
      expect(view([g('a', 40), g('b', 11), g('c', 12), g('d', 2)])).toEqual({
        groups: { a: 40, b: 'complement', c: 12, d: 'small' },
        total: 65,
      });
    });
  });

  it('needs no second group when the small groups together reach the minimum', () => {
    expect(view([g('a', 6), g('b', 5), g('c', 30)])).toEqual({
      groups: { a: 'small', b: 'small', c: 30 },
      total: 41,
    });
  });

  it('hides the total, and so every group, when there are fewer answers in all than the minimum', () => {
    expect(view([g('a', 4), g('b', 5)])).toEqual({ groups: { a: 'small', b: 'small' }, total: 'small' });
  });

  it('says "no answers" (count 0) for a group nobody answered, which gives nothing away by subtraction', () => {
    const table = suppressTable([g('a', 12), g('b', 0)], 10);
    expect(table.groups.get('b')).toEqual({ count: 0, mean: null });
    expect(table.total).toEqual({ count: 12, mean: 4 });
    expect(suppressTable([], 10).total).toEqual({ count: 0, mean: null });
  });

  it('treats before and after as tables of their own: a group may be shown before and hidden after', () => {
    const before = view([g('north', 12), g('south', 12)]);
    const after = view([g('north', 12), g('south', 3)]);
    expect(before).toEqual({ groups: { north: 12, south: 12 }, total: 24 });
    expect(after).toEqual({ groups: { north: 'complement', south: 'small' }, total: 15 });
  });

  it('chooses the same complement every time when two groups are the same size', () => {
    expect(view([g('b', 10), g('a', 10), g('c', 2), g('d', 30)]).groups).toEqual({
      a: 'complement',
      b: 10,
      c: 'small',
      d: 30,
    });
  });

  it('never lets what is shown subtract to fewer than the minimum (random tables)', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let run = 0; run < 2000; run++) {
      const min = 2 + random(12);
      const groups = Array.from({ length: 1 + random(6) }, (_, i) => ({
        key: `g${i}`,
        count: random(25),
        sum: random(100),
      }));
      const table = suppressTable(groups, min);
      const hidden = groups.filter((group) => table.groups.get(group.key)?.hidden);
      for (const group of groups.filter((x) => !table.groups.get(x.key)?.hidden))
        expect(group.count === 0 || group.count >= min).toBe(true);
      // What the shown figures reveal beyond themselves: the total less the shown groups, i.e. the hidden ones together.
      const behind = hidden.reduce((n, group) => n + group.count, 0);
      const safe =
        table.total.hidden === undefined
          ? behind === 0 || behind >= min
          : groups.every((group) => table.groups.get(group.key)?.hidden || group.count === 0);
      expect({ groups, min, safe }).toEqual({ groups, min, safe: true });
    }
  });
});
