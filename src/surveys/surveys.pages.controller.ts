import {
  ConflictException,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Req,
  Res,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { ProgressService } from '../learning/progress.service.js';
import { ViewService } from '../web/view.service.js';
import { SurveyParams } from './dto/survey.dto.js';
import type { SurveyPhase } from './survey-answer.entity.js';
import { PHASE_WORDS, type SurveyView, SurveysService } from './surveys.service.js';

/** `item.behaviour-tells=4` → `{ 'behaviour-tells': 4 }`; "No answer" (an empty value) is left out. */
function answersFrom(form: Record<string, unknown>): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    if (!key.startsWith('item.') || value === '') continue;
    answers[key.slice('item.'.length)] =
      typeof value === 'string' && /^\d$/.test(value) ? Number(value) : value;
  }
  return answers;
}

/** The survey page in the learner's course flow: plain radio buttons, a Submit and a Skip, no script. */
@ApiExcludeController()
@Controller('learn/:courseId/survey')
export class SurveysPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly surveys: SurveysService,
    private readonly progress: ProgressService,
    private readonly config: AppConfig,
  ) {}

  @Get(':phase')
  @SignedIn()
  async page(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: SurveyParams,
    @Query('none') none?: unknown,
  ) {
    const survey = await this.surveys.view(me.accountId, params.courseId, params.phase);
    return this.render(me, request, reply, survey, { noneChosen: none === '1' });
  }

  @Post(':phase')
  @SignedIn()
  async answer(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: SurveyParams,
  ) {
    const form = (request.body as Record<string, unknown> | undefined) ?? {};
    const answers = answersFrom(form);
    const skip = form.action === 'skip';
    const back = `/learn/${params.courseId}/survey/${params.phase}`;
    try {
      const result = await this.surveys.answer(
        me.accountId,
        params.courseId,
        params.phase,
        skip ? { skip: true } : { answers },
      );
      return reply.redirect(result.status === 'skipped' && !skip ? `${back}?none=1` : back, 303);
    } catch (error) {
      // Answered or skipped already (another tab), or not asked now: the page says which.
      if (error instanceof ConflictException) return reply.redirect(back, 303);
      if (!(error instanceof UnprocessableEntityException)) throw error;
      const survey = await this.surveys.view(me.accountId, params.courseId, params.phase);
      const messages = (error.getResponse() as { message?: unknown }).message;
      return this.render(
        me,
        request,
        reply,
        survey,
        { answers, errors: Array.isArray(messages) ? messages.map(String) : [error.message] },
        422,
      );
    }
  }

  private async render(
    me: Principal,
    request: FastifyRequest,
    reply: FastifyReply,
    survey: SurveyView,
    extra: { answers?: Record<string, unknown>; errors?: string[]; noneChosen?: boolean },
    status = 200,
  ) {
    const chosen = extra.answers ?? {};
    return this.views.render(
      request,
      reply,
      'learn-survey',
      {
        title: heading(survey.phase, survey.title),
        heading: heading(survey.phase, survey.title),
        survey,
        phaseWord: PHASE_WORDS[survey.phase],
        minGroup: this.config.surveyMinGroup,
        errors: extra.errors ?? [],
        noneChosen: extra.noneChosen ?? false,
        next: await this.nextStep(me, survey),
        items: survey.items.map((item, i) => ({
          ...item,
          number: i + 1,
          options: [
            ...survey.scale.map((point) => ({ ...point, checked: chosen[item.id] === point.value })),
            { value: '', label: 'No answer', checked: chosen[item.id] === undefined },
          ],
        })),
      },
      status,
    );
  }

  /** After the before survey, the first module; after the after survey, My training. */
  private async nextStep(me: Principal, survey: SurveyView): Promise<{ href: string; label: string }> {
    if (survey.phase === 'post') return { href: '/', label: 'Back to My training' };
    const work = await this.progress.workOf({ accountId: me.accountId, courseId: survey.courseId });
    const first = work.course.modules[0];
    return first
      ? { href: `/learn/${work.course.id}/modules/${first.id}`, label: 'Start the first module' }
      : { href: `/learn/${work.course.id}`, label: 'Back to the course' };
  }
}

function heading(phase: SurveyPhase, title: string): string {
  return phase === 'pre' ? `Before you begin ${title}: a short survey` : `After ${title}: a short survey`;
}
