import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { CourseParams } from '../courses/dto/course-params.dto.js';
import { SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { ViewService } from '../web/view.service.js';
import { AttemptParams } from './dto/attempt-params.dto.js';
import { answersFrom, practiceMarks, readConfirmation, readPracticeMarks } from './learner-steps.js';
import { ProgressService, type Work } from './progress.service.js';
import type { QuizResult } from './quiz-scoring.js';

/** The learner's quiz pages: the quiz, its submission, and the result (post, redirect, get). */
@ApiExcludeController()
@Controller()
export class QuizPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly progress: ProgressService,
    private readonly config: AppConfig,
  ) {}

  @Get('learn/:courseId/quiz')
  @SignedIn()
  async quiz(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: CourseParams,
    @Query('read') read?: unknown,
  ) {
    const work = await this.progress.workOf({ accountId: me.accountId, courseId: params.courseId });
    return this.renderQuiz(request, reply, work, {}, [], 200, read);
  }

  @Post('learn/:courseId/quiz')
  @SignedIn()
  async submitQuiz(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: CourseParams,
    @Body() form: Record<string, unknown>,
  ) {
    const key = { accountId: me.accountId, courseId: params.courseId };
    const answers = answersFrom(form);
    try {
      const { work, ...result } = await this.progress.submitAttempt(key, answers);
      const course = `/learn/${work.course.id}`;
      if (result.completion && !result.practice) return reply.redirect(`${course}/complete`, 303);
      // Post, redirect, get: a refresh of the result shows it again and sends nothing.
      if (result.attempt !== null) return reply.redirect(`${course}/quiz/attempts/${result.attempt}`, 303);
      return reply.redirect(
        `${course}/quiz/practice?right=${practiceMarks(work.course.quiz, result.results)}`,
        303,
      );
    } catch (error) {
      const messages =
        error instanceof HttpException ? (error.getResponse() as { message?: unknown }).message : undefined;
      if (!Array.isArray(messages)) throw error;
      const work = await this.progress.workOf(key);
      const unanswered = work.course.quiz
        .map((q, i) => ({ id: q.id, number: i + 1 }))
        .filter((q) => answers[q.id] === undefined || answers[q.id] === '');
      const errors = unanswered.length
        ? unanswered.map((q) => ({
            text: `Question ${q.number} is not answered yet`,
            href: `#question-${q.id}`,
          }))
        : messages.map(String);
      return this.renderQuiz(request, reply, work, answers, errors, 400);
    }
  }

  /** The result of one of the learner's own stored attempts (their assignment's; another's is not found). */
  @Get('learn/:courseId/quiz/attempts/:number')
  @SignedIn()
  async attemptResult(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: AttemptParams,
  ) {
    const work = await this.progress.workOf({ accountId: me.accountId, courseId: params.courseId });
    const stored = await this.progress.attemptResult(work, params.number);
    if (!stored) throw new HttpException('No such quiz attempt', 404);
    return this.renderResult(request, reply, work, { ...stored, practice: false, number: params.number });
  }

  /** A practice attempt's result, from the marks its redirect carries (practice is never stored). */
  @Get('learn/:courseId/quiz/practice')
  @SignedIn()
  async practiceResult(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: CourseParams,
    @Query('right') right?: unknown,
  ) {
    const work = await this.progress.workOf({ accountId: me.accountId, courseId: params.courseId });
    const correct = readPracticeMarks(work.course.quiz, right);
    const standing = await this.progress.standing(work);
    // Practice is after completion only; marks that do not fit the quiz as it is now show nothing.
    if (!correct || !standing.completedAt) return reply.redirect(`/learn/${work.course.id}/quiz`, 303);
    const count = [...correct.values()].filter(Boolean).length;
    const score = work.course.quiz.length ? Math.floor((100 * count) / work.course.quiz.length) : 0;
    const passed = score >= work.course.passingScore;
    return this.renderResult(request, reply, work, { score, passed, correct, practice: true, number: null });
  }

  private async renderQuiz(
    request: FastifyRequest,
    reply: FastifyReply,
    work: Work,
    answers: Record<string, unknown>,
    errors: (string | { text: string; href: string })[],
    status = 200,
    read?: unknown,
  ) {
    const standing = await this.progress.standing(work);
    const chosen = (questionId: string) => {
      const value = answers[questionId];
      const list: unknown[] = Array.isArray(value) ? value : [value];
      return list.filter((item): item is string => typeof item === 'string');
    };
    return this.views.render(
      request,
      reply,
      'learn-quiz',
      {
        title: `Quiz: ${work.course.title}`,
        course: work.course,
        standing,
        modulesLeft: work.course.modules.length - standing.modulesDone.length,
        readNote: readConfirmation(work, standing, read),
        errors,
        // Beside the quiz's content note, as modules show it.
        support: this.config.support,
        questions: work.course.quiz.map((q, i) => ({
          id: q.id,
          number: i + 1,
          prompt: q.prompt,
          multiple: q.type === 'multiple',
          options: q.options.map((o) => ({ id: o.id, text: o.text, checked: chosen(q.id).includes(o.id) })),
        })),
      },
      status,
    );
  }

  /**
   * A quiz result, as stored (or, for practice, as its redirect carries it): each question of the quiz
   * it answered, right or to look at again, with its explanation. Nothing here scores or records.
   */
  private async renderResult(
    request: FastifyRequest,
    reply: FastifyReply,
    work: Work,
    result: Pick<QuizResult, 'score' | 'passed'> & {
      correct: Map<string, boolean>;
      practice: boolean;
      number: number | null;
    },
  ) {
    const standing = await this.progress.standing(work);
    const questions = work.course.quiz
      .map((q, i) => ({
        prompt: q.prompt,
        number: i + 1,
        explanation: q.explanation,
        correct: result.correct.get(q.id),
      }))
      .filter((q) => q.correct !== undefined);
    return this.views.render(request, reply, 'learn-quiz-result', {
      title: result.passed ? 'Quiz passed' : 'Not yet: let’s try again',
      course: work.course,
      result,
      missed: questions.filter((q) => !q.correct),
      right: questions.filter((q) => q.correct),
      modulesLeft: work.course.modules.length - standing.modulesDone.length,
      needsAttestation: Boolean(work.course.attestation) && !standing.attestedAt,
    });
  }
}
