import {
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { CourseSurvey } from '../courses/course.types.js';
import { SURVEY_POINTS } from '../courses/survey-loader.js';
import { Database } from '../database/database.js';
import { ProgressService, type Work } from '../learning/progress.service.js';
import type { SurveyStanding } from '../learning/survey-offers.js';
import { SURVEY_PHASES, type SurveyPhase } from './survey-answer.entity.js';
import type { SurveyMarkStatus } from './survey-mark.entity.js';
import { SurveysRepository } from './surveys.repository.js';

/** Where the person stands with one phase: open to answer, already answered or skipped, or not (yet) asked. */
export type SurveyStatus = 'open' | SurveyMarkStatus | 'unavailable';

export interface SurveyView {
  courseId: string;
  edition: string;
  title: string;
  phase: SurveyPhase;
  status: SurveyStatus;
  /** Why the phase is not open, in words (null when it is open, answered or skipped). */
  reason: string | null;
  intro: string;
  scale: { value: number; label: string }[];
  items: { id: string; statement: string }[];
}

export const PHASE_WORDS: Record<SurveyPhase, string> = { pre: 'before', post: 'after' };

/**
 * `{itemId: 1..5}` → the values given, each item at most once; every problem names its item. An item
 * left out, or given as null or '', is unanswered.
 */
export function readSurveyAnswers(
  survey: CourseSurvey,
  answers: unknown,
): { values: Map<string, number> } | { errors: string[] } {
  if (answers === undefined || answers === null) return { values: new Map() };
  if (typeof answers !== 'object' || Array.isArray(answers))
    return { errors: [`answers must be an object of item id: a whole number from 1 to ${SURVEY_POINTS}`] };
  const errors: string[] = [];
  const values = new Map<string, number>();
  for (const [id, value] of Object.entries(answers as Record<string, unknown>)) {
    if (!survey.items.some((item) => item.id === id)) {
      errors.push(
        `answers.${id}: this survey has no item "${id}" (items: ${survey.items.map((item) => item.id).join(', ')})`,
      );
      continue;
    }
    if (value === null || value === '') continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > SURVEY_POINTS)
      errors.push(
        `answers.${id} must be a whole number from 1 to ${SURVEY_POINTS} (found ${JSON.stringify(value)})`,
      );
    else values.set(id, value);
  }
  return errors.length > 0 ? { errors } : { values };
}

/**
 * A learner's side of the anonymous surveys: the questions and where they stand, and answering or
 * skipping. Answers are stored apart from the person (see SurveyAnswer); nothing here is audited or
 * logged, since an audit entry would be a copy of who answered what, when.
 */
@Injectable()
export class SurveysService {
  constructor(
    private readonly database: Database,
    private readonly surveys: SurveysRepository,
    private readonly progress: ProgressService,
  ) {}

  async view(accountId: number, courseId: string, phase: SurveyPhase): Promise<SurveyView> {
    const work = await this.progress.workOf({ accountId, courseId });
    const survey = surveyOf(work);
    const marked = (await this.surveys.marks(accountId, work.course.id, work.course.edition)).get(phase);
    const reason = marked ? null : closedBecause(await this.progress.standing(work), phase);
    return {
      courseId: work.course.id,
      edition: work.course.edition,
      title: work.course.title,
      phase,
      status: marked ?? (reason ? 'unavailable' : 'open'),
      reason,
      intro: survey.intro,
      scale: survey.scale.map((label, i) => ({ value: i + 1, label })),
      items: survey.items.map((item) => ({ id: item.id, statement: item.statement })),
    };
  }

  /** Which phases to offer the person now: pre before the first module, post once completed, neither once marked. */
  async offered(accountId: number, work: Work, standing: SurveyStanding): Promise<SurveyPhase[]> {
    if (!work.course.survey || work.assignment.staffId === null) return [];
    const marks = await this.surveys.marks(accountId, work.course.id, work.course.edition);
    return SURVEY_PHASES.filter((phase) => !marks.has(phase) && !closedBecause(standing, phase));
  }

  /**
   * Answers the phase (`answers`, each item optional) or skips it (`skip`, or no answer at all). The
   * mark and the answers commit together; a phase is marked once (a second try is 409).
   */
  async answer(
    accountId: number,
    courseId: string,
    phase: SurveyPhase,
    body: { answers?: unknown; skip?: unknown },
  ): Promise<{ status: SurveyMarkStatus; answered: number }> {
    return this.database.transaction(async () => {
      const work = await this.progress.workOf({ accountId, courseId });
      const survey = surveyOf(work);
      if (body.skip !== undefined && body.skip !== true && body.skip !== false)
        throw new UnprocessableEntityException(['skip must be true or false']);
      if (body.skip === true && body.answers !== undefined)
        throw new UnprocessableEntityException(['Send either answers or skip: true, not both']);
      const read = readSurveyAnswers(survey, body.skip === true ? undefined : body.answers);
      if ('errors' in read) throw new UnprocessableEntityException(read.errors);
      const key = { accountId, courseId: work.course.id, edition: work.course.edition, phase };
      const before = (await this.surveys.marks(accountId, key.courseId, key.edition)).get(phase);
      if (before)
        throw new ConflictException(
          `You have already ${before} the ${PHASE_WORDS[phase]} survey of this course`,
        );
      const reason = closedBecause(await this.progress.standing(work), phase);
      if (reason) throw new ConflictException(reason);
      const status: SurveyMarkStatus = read.values.size > 0 ? 'answered' : 'skipped';
      if (!(await this.surveys.mark(key, status)))
        throw new ConflictException(
          `You have already answered or skipped the ${PHASE_WORDS[phase]} survey of this course`,
        );
      const where =
        work.assignment.staffId === null
          ? undefined
          : await this.surveys.siteAndRole(work.assignment.staffId);
      if (!where) throw new NotFoundException('No staff record for this account');
      await this.surveys.addAnswers(
        [...read.values].map(([itemId, value]) => ({
          courseId: key.courseId,
          edition: key.edition,
          phase,
          ...where,
          itemId,
          value,
        })),
      );
      return { status, answered: read.values.size };
    });
  }
}

/** Why a phase cannot be answered now: before is asked before the first module, after once completed. */
function closedBecause(standing: SurveyStanding, phase: SurveyPhase): string | null {
  if (phase === 'pre' && (standing.completedAt || standing.modulesDone.length > 0))
    return 'The before survey is asked before the first module, and you have started this course';
  if (phase === 'post' && !standing.completedAt)
    return 'The after survey is asked once you have completed the course';
  return null;
}

/**
 * The course's survey, for staff: it measures how the district's staff change, by site and role, so a
 * community learner (no site, no role) is not asked it.
 */
function surveyOf(work: Work): CourseSurvey {
  if (!work.course.survey) throw new NotFoundException('This course has no survey');
  if (work.assignment.staffId === null)
    throw new NotFoundException('This course’s survey is asked of district staff only');
  return work.course.survey;
}
