import { describe, expect, it } from '@jest/globals';
import { hrefWith } from '../web/href.js';
import { barChart } from './bar-chart.js';

describe('the completion chart', () => {
  const counts = (assigned: number, completed: number, exempt = 0) => ({
    assigned,
    completed,
    exempt,
    inProgress: 0,
    notStarted: assigned - completed - exempt,
    overdue: 0,
  });

  it('puts the groups furthest behind first, those with no one due last, with the counts behind each rate', () => {
    expect(
      barChart([
        { name: 'Oak', completionRate: 1, ...counts(3, 3) },
        { name: 'Office', completionRate: null, ...counts(1, 0, 1) },
        { name: 'Lincoln', completionRate: 0.5, ...counts(5, 2, 1) },
      ]),
    ).toEqual([
      { label: 'Lincoln', rateText: '50.0%', countText: '2 of 4 done', percent: 50 },
      { label: 'Oak', rateText: '100.0%', countText: '3 of 3 done', percent: 100 },
      { label: 'Office', rateText: 'no one due', countText: '', percent: 0 },
    ]);
  });

  it('rounds the rate once, from the counts (356 of 606 is 58.746…%)', () => {
    const group = { assigned: 640, completed: 356, exempt: 34, inProgress: 0, notStarted: 0, overdue: 250 };
    const [row] = barChart([{ name: 'All', completionRate: 0.5875, ...group }]);
    expect(row.rateText).toBe('58.7%');
  });
});

describe('links that keep the filters', () => {
  it('leaves out empty filters and encodes the rest', () => {
    expect(hrefWith('/hr/overdue', { course: 'carma@2026-27', site: '', role: undefined, page: 2 })).toBe(
      '/hr/overdue?course=carma%402026-27&page=2',
    );
    expect(hrefWith('/hr', {})).toBe('/hr');
  });
});
