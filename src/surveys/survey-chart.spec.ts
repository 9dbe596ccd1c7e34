import { describe, expect, it } from '@jest/globals';
import { surveyChart } from './survey-chart.js';
import type { ReportFigure, SurveyReport } from './survey-report.service.js';

const shown = (count: number, mean: number): ReportFigure => ({ count, mean, hidden: null });
const report = (before: ReportFigure, after: ReportFigure): SurveyReport => ({
  courseId: 'carma',
  edition: '2026-27',
  title: 'CARMA',
  groupBy: 'site',
  minGroup: 10,
  scale: [],
  items: [
    {
      id: 'calm',
      statement:
        'I can help a student feel calmer before I ask them to reflect on what happened that morning.',
      reverse: false,
      overall: { key: null, name: 'All answers', before, after },
      groups: [],
    },
  ],
});

describe('surveyChart', () => {
  it('draws before and after on the five-point scale, each with its value in words', () => {
    const [row] = surveyChart(report(shown(24, 3.1), shown(20, 4))).rows;
    expect(row.label).toBe('1. I can help a student feel calmer before I ask them to…');
    expect(row.bars.map((bar) => [bar.kind, bar.text, bar.width])).toEqual([
      ['before', 'Before: 3.10 of 5 (24 answers)', 248],
      ['after', 'After: 4.00 of 5 (20 answers)', 320],
    ]);
  });

  it('says why a figure is missing, and draws no bar for it', () => {
    const [row] = surveyChart(
      report(
        { count: null, mean: null, hidden: 'fewer than 10 answers' },
        { count: 0, mean: null, hidden: null },
      ),
    ).rows;
    expect(row.bars.map((bar) => [bar.text, bar.width])).toEqual([
      ['Before: hidden (fewer than 10 answers)', 0],
      ['After: no answers', 0],
    ]);
  });
});
