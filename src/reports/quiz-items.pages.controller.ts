import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EditionParams } from '../courses/dto/course-params.dto.js';
import { Roles } from '../identity/access.decorators.js';
import { ViewService } from '../web/view.service.js';
import { QuizItemsService } from './quiz-items.service.js';

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** The trainer's view of which quiz questions staff get wrong, hardest first. */
@ApiExcludeController()
@Controller('trainer/courses')
export class QuizItemsPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly quizItems: QuizItemsService,
  ) {}

  @Get(':courseId/:edition/quiz-items')
  @Roles('trainer', 'hr', 'admin')
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param() params: EditionParams) {
    const report = await this.quizItems.report(params.courseId, params.edition);
    const questions = report.questions
      .map((question, i) => ({
        ...question,
        number: i + 1,
        correctText: percent(question.shareCorrect),
        wrongText: question.mostChosenWrong
          ? `${question.mostChosenWrong.text} (${percent(question.mostChosenWrong.share)} of attempts)`
          : '—',
      }))
      .sort((a, b) => (a.shareCorrect ?? 2) - (b.shareCorrect ?? 2) || a.number - b.number);
    return this.views.render(request, reply, 'trainer-quiz-items', {
      title: `Quiz questions: ${report.title} (${report.edition})`,
      report,
      questions,
    });
  }
}
