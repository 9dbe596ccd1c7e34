import type { StatusCounts } from './reports.repository.js';
import { percentText } from './percent-text.js';

/** Geometry for the server-rendered SVG bar chart of completion rate by group (no JavaScript). */
export interface ChartRow {
  label: string;
  rateText: string;
  labelY: number;
  barY: number;
  barWidth: number;
}

export interface BarChart {
  width: number;
  height: number;
  barHeight: number;
  rows: ChartRow[];
}

const WIDTH = 400;
const ROW = 36;
const BAR = 14;

/**
 * One row per group: its label and rate on a line, the bar under it. Labels sit above the bars, not
 * beside them, so the chart stays legible when a phone scales it down to its width.
 */
export function barChart(
  groups: (StatusCounts & { name: string; completionRate: number | null })[],
): BarChart {
  return {
    width: WIDTH,
    height: Math.max(ROW, groups.length * ROW),
    barHeight: BAR,
    rows: groups.map((group, i) => ({
      label: group.name,
      rateText: percentText(group) ?? 'no one due',
      labelY: i * ROW + 14,
      barY: i * ROW + 19,
      barWidth: Math.round(WIDTH * (group.completionRate ?? 0) * 10) / 10,
    })),
  };
}
