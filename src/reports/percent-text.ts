import type { StatusCounts } from './reports.repository.js';

/**
 * The completion rate as people read it, "58.7%", from the counts themselves: rounding the 4-decimal
 * `completionRate` again would be off by 0.1 at times (356 of 606 is 58.746…%, not 58.8%). Null when no
 * one is due.
 */
export function percentText(counts: StatusCounts): string | null {
  const due = counts.assigned - counts.exempt;
  return due > 0 ? `${(Math.round((counts.completed * 1000) / due) / 10).toFixed(1)}%` : null;
}
