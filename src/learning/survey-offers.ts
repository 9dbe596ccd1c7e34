import { Injectable } from '@nestjs/common';
import type { Work } from './progress.service.js';

export type OfferedPhase = 'pre' | 'post';
/** How far the learner is, as the course pages have it already (ProgressService.standing). */
export type SurveyStanding = { modulesDone: string[]; completedAt: Date | null };
type Source = (accountId: number, work: Work, standing: SurveyStanding) => Promise<OfferedPhase[]>;

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

  offered(accountId: number, work: Work, standing: SurveyStanding): Promise<OfferedPhase[]> {
    return this.source ? this.source(accountId, work, standing) : Promise.resolve([]);
  }
}
