/** One tick on an overdue list: a person's assignment of one edition, sent as `course@edition:employeeId`. */
export interface OverduePick {
  courseId: string;
  edition: string;
  employeeId: string;
}

/** The people ticked on an overdue list (its `pick` fields, one or many); a malformed one is left out. */
export function picksOf(form: Record<string, unknown>): OverduePick[] {
  return [form.pick]
    .flat()
    .filter((pick): pick is string => typeof pick === 'string')
    .map((pick) => /^([^@:]+)@([^:]+):(.+)$/.exec(pick))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, courseId, edition, employeeId]) => ({ courseId, edition, employeeId }));
}

/**
 * Where a bulk action on an overdue list goes back to, with what happened in its query: the list it was
 * posted from (`back`) when it is one of `lists`, else `fallback` (never a link from elsewhere).
 */
export function backToList(
  form: Record<string, unknown>,
  lists: RegExp,
  fallback: string,
): (query: string) => string {
  const back = typeof form.back === 'string' && lists.test(form.back) ? form.back : fallback;
  return (query) => `${back}${back.includes('?') ? '&' : '?'}${query}`;
}

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;
const count = (value: unknown) => {
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
};

/** What a bulk action on an overdue list came back with (its redirect's query), in words for the list. */
export function bulkOutcome(query: Record<string, unknown>): { errors: string[]; notice: string | null } {
  if (query.error === 'none') return { errors: ['Tick the people first.'], notice: null };
  if (query.error === 'reason')
    return { errors: ['Give a reason for the exemption (3 to 500 characters).'], notice: null };
  if (query.done === 'exempted')
    return { errors: [], notice: `${people(count(query.count))} exempted, with the reason given.` };
  if (query.done !== 'reminded') return { errors: [], notice: null };
  const [queued, skipped, finished] = [query.queued, query.skipped, query.finished].map(count);
  const parts = [
    queued
      ? `${queued === 1 ? 'Reminder' : 'Reminders'} queued for ${people(queued)}.`
      : 'No reminder was queued.',
  ];
  if (skipped) parts.push(`${people(skipped)} skipped: already reminded today, so nothing was sent to them.`);
  if (finished) parts.push(`${people(finished)} skipped: nothing is left to remind them of.`);
  return { errors: [], notice: parts.join(' ') };
}
