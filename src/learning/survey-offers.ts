import { Injectable } from '@nestjs/common';
import type { Work } from './progress.service.js';

export type OfferedPhase = 'pre' | 'post';
type Source = (accountId: number, work: Work) => Promise<OfferedPhase[]>;

/**
 * Which phases of a course's anonymous survey the course pages offer a learner now. The surveys module
 * answers (it builds on learning, so learning cannot ask it directly); without it, none.
 */
@Injectable()
export class SurveyOffers {
  private source?: Source;

  answerWith(source: Source): void {
    this.source = source;
  }

  offered(accountId: number, work: Work): Promise<OfferedPhase[]> {
    return this.source ? this.source(accountId, work) : Promise.resolve([]);
  }
}
