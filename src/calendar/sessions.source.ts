import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { sessionCalendarItem } from '../sessions/session-calendar.js';
import { hoursOfX100 } from '../sessions/session-rules.js';
import { TrainingSessionsRepository } from '../sessions/training-sessions.repository.js';
import type { CalendarItem } from './calendar-ics.js';
import type { CalendarSource } from './calendar-source.js';

/** A calendar keeps last month's sessions; older ones are history, and only make the feed longer. */
const KEPT_MS = 31 * 86_400_000;

/** The sessions the person holds a seat at (a cancelled one, or a seat given up, leaves the feed). */
@Injectable()
export class SessionsSource implements CalendarSource {
  constructor(
    private readonly sessions: TrainingSessionsRepository,
    private readonly config: AppConfig,
  ) {}

  async itemsFor(accountId: number): Promise<CalendarItem[]> {
    const seats = await this.sessions.seatsOf(accountId, new Date(Date.now() - KEPT_MS));
    const leads = await this.sessions.facilitatorsOf(seats.map((s) => s.id));
    return seats.map((session) =>
      sessionCalendarItem(
        {
          ...session,
          pdHours: hoursOfX100(session.pdHoursX100),
          facilitators: (leads.get(session.id) ?? []).map((f) => `${f.firstName} ${f.lastName}`),
        },
        this.config.publicUrl,
      ),
    );
  }
}
