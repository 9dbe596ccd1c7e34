import type { CalendarItem } from './calendar-ics.js';

/**
 * Something that puts items in a person's calendar feed. Due dates are one; registered sessions will be
 * another: a provider added to CALENDAR_SOURCES in calendar.module.ts.
 */
export interface CalendarSource {
  itemsFor(accountId: number): Promise<CalendarItem[]>;
}

export const CALENDAR_SOURCES = Symbol('CALENDAR_SOURCES');
