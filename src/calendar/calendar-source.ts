import type { CalendarItem } from './calendar-ics.js';

/**
 * Something that puts items in a person's calendar feed: due dates, and the sessions a person holds a
 * seat at. Each is a provider in CALENDAR_SOURCES (calendar.module.ts).
 */
export interface CalendarSource {
  itemsFor(accountId: number): Promise<CalendarItem[]>;
}

export const CALENDAR_SOURCES = Symbol('CALENDAR_SOURCES');
