import { describe, expect, it } from '@jest/globals';
import { hrefWith } from '../web/href.js';
import { barChart } from './bar-chart.js';

describe('the completion chart', () => {
  it('draws one row per group, the bar as long as the rate, its label above it', () => {
    const chart = barChart([
      { name: 'Lincoln', completionRate: 0.5 },
      { name: 'Oak', completionRate: 1 },
      { name: 'Office', completionRate: null },
    ]);
    expect(chart).toMatchObject({ width: 400, height: 108, barHeight: 14 });
    expect(chart.rows).toEqual([
      { label: 'Lincoln', rateText: '50.0%', labelY: 14, barY: 19, barWidth: 200 },
      { label: 'Oak', rateText: '100.0%', labelY: 50, barY: 55, barWidth: 400 },
      { label: 'Office', rateText: 'no one due', labelY: 86, barY: 91, barWidth: 0 },
    ]);
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
