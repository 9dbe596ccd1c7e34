import { localDay } from '../common/clock.js';
import type { Cohort } from './cohort.entity.js';

/**
 * The day a cohort stopped taking people, or null while it is open: HR closed it (that day), or its
 * closing day has passed (people may join through the closing day itself). Closing stops joins only:
 * what people started or finished stays theirs.
 */
export function closedOn(cohort: Pick<Cohort, 'closesOn' | 'closedAt'>, today: string): string | null {
  if (cohort.closedAt) {
    const day = localDay(cohort.closedAt);
    return day < cohort.closesOn ? day : cohort.closesOn;
  }
  return cohort.closesOn < today ? cohort.closesOn : null;
}
