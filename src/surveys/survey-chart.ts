import type { ReportFigure, SurveyReport } from './survey-report.service.js';

/** One bar: its words (shown beside it, so the chart never speaks by colour alone) and geometry. */
export interface SurveyBar {
  text: string;
  textY: number;
  barY: number;
  width: number;
  kind: 'before' | 'after';
}

export interface SurveyChart {
  width: number;
  height: number;
  barHeight: number;
  rows: { label: string; labelY: number; bars: SurveyBar[] }[];
}

const WIDTH = 400;
const ROW = 76;
const BAR = 10;
const POINTS = 5;

const words = (phase: string, figure: ReportFigure) =>
  figure.hidden
    ? `${phase}: hidden (${figure.hidden.startsWith('fewer') ? figure.hidden : 'to protect a small group'})`
    : figure.mean === null
      ? `${phase}: no answers`
      : `${phase}: ${figure.mean.toFixed(2)} of ${POINTS} (${figure.count} answers)`;

/**
 * The overall mean of each item before and after, as bars on the five-point scale: the item's number
 * and statement on a line, then "Before: 3.10 of 5 (24 answers)" above its bar, then the same for after.
 */
export function surveyChart(report: SurveyReport): SurveyChart {
  return {
    width: WIDTH,
    height: Math.max(ROW, report.items.length * ROW),
    barHeight: BAR,
    rows: report.items.map((item, i) => {
      const top = i * ROW;
      const bar = (kind: 'before' | 'after', figure: ReportFigure, at: number): SurveyBar => ({
        kind,
        text: words(kind === 'before' ? 'Before' : 'After', figure),
        textY: top + at,
        barY: top + at + 4,
        width: figure.mean === null ? 0 : Math.round((WIDTH * figure.mean * 10) / POINTS) / 10,
      });
      return {
        label: `${i + 1}. ${shorten(item.statement)}`,
        labelY: top + 13,
        bars: [bar('before', item.overall.before, 31), bar('after', item.overall.after, 59)],
      };
    }),
  };
}

/** A statement cut at a word to fit the chart's line (the table gives it whole). */
function shorten(statement: string, max = 60): string {
  if (statement.length <= max) return statement;
  const cut = statement.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : cut.length).replace(/[,;:]$/, '')}…`;
}
