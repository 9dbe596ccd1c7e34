/**
 * When a follow-up comes back: pure functions of the completion and the day, so they can be tested with
 * the clock frozen. The digest's query asks for completions on the days `completedOnFor` names, so the
 * pages and the mail cannot disagree.
 */
import { localDay } from '../common/clock.js';
import { addDays } from './assignment-rules.js';

export type FollowUpState = 'upcoming' | 'due' | 'done';

/** The day a follow-up `days` after a completion comes due: counted from the completion's local day. */
export function followUpDueOn(completedAt: Date, days: number): string {
  return addDays(localDay(completedAt), days);
}

/** Done once marked; otherwise due from its day on (it waits for the person, it does not lapse). */
export function followUpState(dueOn: string, today: string, done: boolean): FollowUpState {
  if (done) return 'done';
  return dueOn <= today ? 'due' : 'upcoming';
}

/** The local day of completion whose follow-up `days` later comes due on `day`. */
export function completedOnFor(day: string, days: number): string {
  return addDays(day, -days);
}
