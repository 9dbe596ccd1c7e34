import ical, { escape, ICalCalendarMethod, ICalEventTransparency } from 'ical-generator';

/** One thing to put in someone's calendar: a whole day (a due date) or a stretch of time (a session). */
export type CalendarItem = {
  /** Stable across reads, so a calendar app updates the event instead of adding another. */
  uid: string;
  summary: string;
  description: string;
  url: string;
} & ({ day: string; start?: never; end?: never } | { start: Date; end: Date; day?: never });

export interface CalendarHead {
  name: string;
  /** When the feed was made (DTSTAMP of every event). */
  stamp: Date;
}

/** How often a calendar app should look again (Outlook honours it; Google polls on its own). */
const REFRESH_SECONDS = 6 * 60 * 60;

const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);

/**
 * The items as an iCalendar (RFC 5545) text, every line ending in CRLF. A day is an all-day event (DTSTART and
 * DTEND as DATE values: the same day wherever the reader is) shown as free time, since a due date is
 * no meeting; a start and end are exact UTC moments.
 */
export function calendarIcs(head: CalendarHead, items: CalendarItem[]): string {
  const calendar = ical({
    // ical-generator writes the name as given: escaped here so a comma or a line break stays text.
    name: escape(head.name, false),
    prodId: { company: 'Hearth', product: 'Calendar feed', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: REFRESH_SECONDS,
  });
  for (const item of items) {
    const common = {
      id: item.uid,
      stamp: head.stamp,
      summary: item.summary,
      description: item.description,
      url: item.url,
    };
    if (item.day !== undefined) {
      const start = dayStart(item.day);
      calendar.createEvent({
        ...common,
        allDay: true,
        start,
        // DTEND is exclusive: the next day, so every app shows one day.
        end: new Date(start.getTime() + 86_400_000),
        transparency: ICalEventTransparency.TRANSPARENT,
      });
    } else {
      calendar.createEvent({ ...common, start: item.start, end: item.end });
    }
  }
  // Every content line ends in CRLF, the last one too (ical-generator leaves it off).
  return `${calendar.toString()}\r\n`;
}
