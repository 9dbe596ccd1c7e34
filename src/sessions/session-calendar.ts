import type { CalendarItem } from '../calendar/calendar-ics.js';

/** What a calendar event needs of a session. */
export interface SessionForCalendar {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  location: string;
  pdHours: number;
  status: 'scheduled' | 'cancelled';
  facilitators: string[];
}

/**
 * A session as a calendar event, with a UID stable across reads, so the session's own .ics file and the
 * private feed update one event (a changed time, a cancellation) rather than add another.
 */
export function sessionCalendarItem(session: SessionForCalendar, publicUrl: string): CalendarItem {
  const url = `${publicUrl}/sessions#session-${session.id}`;
  return {
    uid: `session-${session.id}@${new URL(publicUrl).hostname}`,
    start: session.startsAt,
    end: session.endsAt,
    summary: `${session.status === 'cancelled' ? 'Cancelled: ' : ''}${session.title}`,
    description: [
      `Where: ${session.location}`,
      `PD hours: ${session.pdHours}`,
      session.facilitators.length ? `Facilitators: ${session.facilitators.join(', ')}` : '',
      `Details: ${url}`,
    ]
      .filter(Boolean)
      .join('\n'),
    url,
  };
}
