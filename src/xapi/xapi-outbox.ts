import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { Holder } from '../learning/holder.js';
import { XapiRepository } from './xapi.repository.js';
import { type Actor, eventKey, type LearningEvent, statementFor, verbOf } from './xapi-statements.js';

/**
 * Where every xAPI statement starts: written in the caller's transaction, so a statement exists exactly
 * when the change it reports commits, once per event (its key), with its `id` fixed from then on. The
 * sender (XapiSender) delivers it later. Without XAPI_ENDPOINT nothing is written.
 */
@Injectable()
export class XapiOutbox {
  constructor(
    private readonly statements: XapiRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * Records what one person did. `subject` is the row the events are about (the assignment, the quiz
   * attempt, the programme enrolment, the session), so a repeated call writes nothing new.
   */
  async record(
    holder: Holder,
    events: { event: LearningEvent; subjectId: number; at: Date }[],
  ): Promise<void> {
    const xapi = this.config.xapi;
    if (!xapi || events.length === 0) return;
    const identity = await this.statements.identityOf(holder);
    if (!identity) return;
    const holderKey =
      holder.staffId !== null ? `staff-${holder.staffId}` : `community-${holder.communityLearnerId}`;
    const actor: Actor =
      xapi.actor === 'email'
        ? { objectType: 'Agent', mbox: `mailto:${identity.email}` }
        : {
            objectType: 'Agent',
            // Community learners have no employee id: their Hearth number names them instead.
            account: { homePage: this.config.publicUrl, name: identity.employeeId ?? holderKey },
          };
    const at = new Date();
    await this.statements.insert(
      events.map(({ event, subjectId, at: when }) => {
        const statementId = randomUUID();
        return {
          statementId,
          eventKey: eventKey(event, { holder: holderKey, id: subjectId }),
          verb: verbOf(event),
          statement: JSON.stringify(
            statementFor(event, { id: statementId, actor, at: when, publicUrl: this.config.publicUrl }),
          ),
        };
      }),
      at,
    );
  }
}
