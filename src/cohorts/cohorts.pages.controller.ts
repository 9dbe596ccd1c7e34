import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { longDate, todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { Roles } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { inWords } from '../web/page-form.js';
import { ViewService } from '../web/view.service.js';
import { type CohortView, CohortsService } from './cohorts.service.js';
import { CohortParams, CreateCohortDto } from './dto/cohort.dto.js';

type Form = Record<string, unknown>;
const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : [];
const FIELD_WORDS: Record<string, string> = {
  name: 'The name',
  courseIds: 'The courses',
  closesOn: 'The closing day',
};
const sentence = (message: string) =>
  `${message.charAt(0).toUpperCase()}${message.slice(1).replace(/\.?$/, '.')}`;

const withWords = (cohort: CohortView) => ({
  ...cohort,
  closesText: longDate(cohort.closesOn),
  closedText: cohort.closedOn ? longDate(cohort.closedOn) : null,
});

/** HR's cohort pages: the list with a form for a new one, a cohort's code and link, closing, the report. */
@ApiExcludeController()
@Controller('hr/cohorts')
export class CohortsPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly cohorts: CohortsService,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('hr', 'admin')
  async index(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.listPage(request, reply, {});
  }

  @Post()
  @Roles('hr', 'admin')
  async create(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Form,
  ) {
    const input = {
      name: typeof body.name === 'string' ? body.name : '',
      courseIds: list(body.courseIds),
      closesOn: typeof body.closesOn === 'string' ? body.closesOn : '',
    };
    const dto = plainToInstance(CreateCohortDto, input);
    const errors = (await validate(dto)).flatMap((problem) =>
      Object.values(problem.constraints ?? {}).map((message) => sentence(inWords(message, FIELD_WORDS))),
    );
    if (errors.length === 0) {
      try {
        const created = await this.cohorts.create(dto, me);
        return reply.redirect(`/hr/cohorts/${created.id}?created=1`, 303);
      } catch (error) {
        if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
        const messages = (error.getResponse() as { message?: unknown }).message;
        for (const message of Array.isArray(messages) ? messages.map(String) : [error.message])
          errors.push(sentence(inWords(message, FIELD_WORDS)));
      }
    }
    return this.listPage(request, reply, { ...input, errors }, 400);
  }

  @Get('report')
  @Roles('hr', 'admin')
  async report(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const report = await this.cohorts.report();
    return this.views.render(request, reply, 'hr-cohort-report', {
      title: 'Community cohorts report',
      asOfText: longDate(report.asOf),
      cohorts: report.cohorts.map((c) => ({ ...c, closesText: longDate(c.closesOn) })),
    });
  }

  @Get(':id')
  @Roles('hr', 'admin')
  async show(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: CohortParams,
    @Query('created') created?: string,
    @Query('closed') closed?: string,
  ) {
    const cohort = withWords(await this.cohorts.show(params.id));
    const people = (await this.cohorts.learners(params.id)).map((p) => ({
      ...p,
      joinedText: longDate(p.createdAt),
    }));
    const notice =
      created === '1'
        ? 'Cohort created. Share its code or link with the people you invite.'
        : closed === '1'
          ? 'Cohort closed: nobody new can join. Everyone who joined keeps their courses and certificates.'
          : null;
    return this.views.render(request, reply, 'hr-cohort', { title: cohort.name, cohort, people, notice });
  }

  @Post(':id/close')
  @Roles('hr', 'admin')
  async close(@Me() me: Principal, @Res() reply: FastifyReply, @Param() params: CohortParams) {
    await this.cohorts.close(params.id, me);
    return reply.redirect(`/hr/cohorts/${params.id}?closed=1`, 303);
  }

  private async listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { name?: string; courseIds?: string[]; closesOn?: string; errors?: string[] },
    status = 200,
  ) {
    const chosen = new Set(form.courseIds ?? []);
    const seen = new Set<string>();
    const courses = this.catalog
      .published()
      .filter((course) => !seen.has(course.id) && seen.add(course.id))
      .map((course) => ({ id: course.id, title: course.title, checked: chosen.has(course.id) }));
    return this.views.render(
      request,
      reply,
      'hr-cohorts',
      {
        title: 'Community cohorts',
        cohorts: (await this.cohorts.list()).map(withWords),
        courses,
        name: form.name ?? '',
        closesOn: form.closesOn ?? '',
        today: todayIso(this.config),
        errors: form.errors ?? [],
      },
      status,
    );
  }
}
