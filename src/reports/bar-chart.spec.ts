import { describe, expect, it } from '@jest/globals';
import { hrefWith } from '../web/href.js';
import { barChart } from './bar-chart.js';

describe('the completion chart', () => {
  it('draws one row per group, the bar as long as the rate, its label above it', () => {
    const counts = (assigned: number, completed: number, exempt = 0) => ({
      assigned,
      completed,
      exempt,
      inProgress: 0,
      notStarted: assigned - completed - exempt,
      overdue: 0,
    });
    const chart = barChart([
      { name: 'Lincoln', completionRate: 0.5, ...counts(4, 2) },
      { name: 'Oak', completionRate: 1, ...counts(3, 3) },
      { name: 'Office', completionRate: null, ...counts(1, 0, 1) },
    ]);
    expect(chart).toMatchObject({ width: 400, height: 108, barHeight: 14 });
    expect(chart.rows).toEqual([
      { label: 'Lincoln', rateText: '50.0%', labelY: 14, barY: 19, barWidth: 200 },
      { label: 'Oak', rateText: '100.0%', labelY: 50, barY: 55, barWidth: 400 },
      { label: 'Office', rateText: 'no one due', labelY: 86, barY: 91, barWidth: 0 },
    ]);
  });

  it('rounds the rate once, from the counts (356 of 606 is 58.746…%)', () => {
    const group = { assigned: 640, completed: 356, exempt: 34, inProgress: 0, notStarted: 0, overdue: 250 };
    const [row] = barChart([{ name: 'All', completionRate: 0.5875, ...group }]).rows;
    expect(row.rateText).toBe('58.7%');
  });

  it('keeps its height when there is nothing to draw', () => {
    expect(barChart([]).height).toBe(36);
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
