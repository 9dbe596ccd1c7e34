import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import type { TrainingSession } from './training-session.entity.js';
import { TrainingSessionsRepository } from './training-sessions.repository.js';
import { whenText } from './session-words.js';

/**
 * The messages a session's changes send, written to the outbox in the change's transaction: a seat
 * given from the wait-list (nobody has to keep checking), and a cancelled session to everyone who held
 * a place. A person's own registering or cancelling needs no mail: the page says so at once.
 */
@Injectable()
export class SessionMail {
  constructor(
    private readonly sessions: TrainingSessionsRepository,
    private readonly outbox: MailOutbox,
    private readonly config: AppConfig,
  ) {}

  seatGiven(session: TrainingSession, staffIds: number[]): Promise<void> {
    return this.send('session-seat', session, staffIds);
  }

  cancelled(session: TrainingSession, staffIds: number[]): Promise<void> {
    return this.send('session-cancelled', session, staffIds);
  }

  private async send(
    kind: 'session-seat' | 'session-cancelled',
    session: TrainingSession,
    staffIds: number[],
  ) {
    if (staffIds.length === 0) return;
    const people = await this.sessions.contactsOf(staffIds);
    await this.outbox.enqueueAll(
      people.map((person) => ({
        kind,
        to: person.email,
        data: {
          firstName: person.firstName,
          title: session.title,
          when: whenText(session),
          location: session.location,
          href: `${this.config.publicUrl}/sessions`,
        },
      })),
    );
  }
}
