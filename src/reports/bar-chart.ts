import type { StatusCounts } from './reports.repository.js';
import { percentText } from './percent-text.js';

/** One bar of the completion chart: its words (HTML text, readable at any width) and its length. */
export interface ChartRow {
  label: string;
  rateText: string;
  /** "21 of 40 done": the counts behind the rate. */
  countText: string;
  /** The bar's length, 0–100. */
  percent: number;
}

/**
 * The chart of completion rate by group, lowest first (who is behind is what HR looks for), groups with
 * no one due last. Text is HTML and only the bar is drawn, so a phone keeps the labels at their size.
 */
export function barChart(
  groups: (StatusCounts & { name: string; completionRate: number | null })[],
): ChartRow[] {
  return [...groups]
    .sort(
      (a, b) =>
        (a.completionRate ?? Infinity) - (b.completionRate ?? Infinity) || a.name.localeCompare(b.name),
    )
    .map((group) => {
      const due = group.assigned - group.exempt;
      return {
        label: group.name,
        rateText: percentText(group) ?? 'no one due',
        countText: due > 0 ? `${group.completed} of ${due} done` : '',
        percent: Math.round((group.completionRate ?? 0) * 1000) / 10,
      };
    });
}
