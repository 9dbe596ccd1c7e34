import { Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { longDate } from '../common/clock.js';
import type { ProgramEdition } from '../courses/course.types.js';
import { Roles, SignedIn } from '../identity/access.decorators.js';
import { hasRole, Me, type Principal } from '../identity/principal.js';
import { MultipartForm } from '../web/multipart-form.js';
import { ViewService } from '../web/view.service.js';
import { ProgramParams } from './dto/program.dto.js';
import type { ProgramStatus } from './program-rules.js';
import { type MyProgram, ProgramsService } from './programs.service.js';

const STATUS_WORDS: Record<ProgramStatus, string> = {
  completed: 'Completed',
  in_progress: 'In progress',
  not_started: 'Not started',
  closed: 'Closed (not completed in time)',
};

/** A program's parts in words, for its page. */
function partsView(program: ProgramEdition, titleOf: (courseId: string, edition: string) => string) {
  return program.courses.map((c) => ({ ...c, title: titleOf(c.courseId, c.edition) }));
}

function myProgramView(mine: MyProgram, titleOf: (courseId: string, edition: string) => string) {
  const titles = new Map(
    partsView(mine.program, titleOf).map((c) => [`${c.courseId}@${c.edition}`, c.title]),
  );
  return {
    ...mine,
    statusWords: STATUS_WORDS[mine.progress.status],
    finishByText: longDate(mine.program.finishBy),
    courses: mine.progress.courses.map((c) => ({ ...c, title: titles.get(`${c.courseId}@${c.edition}`) })),
    completedText: mine.completedAt ? longDate(mine.completedAt) : null,
    sessionsDone: mine.progress.sessions.attended >= mine.progress.sessions.required,
    open: mine.progress.status !== 'closed',
  };
}

/** The program pages: a person's programs and their practicum; HR's enrolment page for each program. */
@ApiExcludeController()
@Controller()
export class ProgramsPagesController {
  constructor(
    private readonly programs: ProgramsService,
    private readonly views: ViewService,
  ) {}

  @Get('programs')
  @SignedIn()
  async list(@Me() me: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const mine = await this.programs.mine(me.accountId);
    const others = this.programs.list().filter((p) => !mine.some((m) => m.program === p));
    return this.views.render(request, reply, 'programs', {
      title: 'Programs',
      mine: mine.map((m) => myProgramView(m, this.programs.courseTitle)),
      others: others.map((p) => ({ ...p, finishByText: longDate(p.finishBy) })),
      canEnrol: hasRole(me, 'hr', 'admin'),
    });
  }

  @Get('programs/:programId/:edition')
  @SignedIn()
  async program(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: ProgramParams,
    @Query('done') done?: unknown,
  ) {
    const program = this.programs.find(params.programId, params.edition);
    const mine = (await this.programs.mine(me.accountId)).find((m) => m.program === program);
    return this.views.render(request, reply, 'program', {
      title: program.title,
      program,
      courses: partsView(program, this.programs.courseTitle),
      opensText: longDate(program.opensOn),
      finishByText: longDate(program.finishBy),
      mine: mine ? myProgramView(mine, this.programs.courseTitle) : null,
      canEnrol: hasRole(me, 'hr', 'admin'),
      notice: done === 'practicum' ? 'Your practicum is recorded.' : null,
    });
  }

  /** A trainer's preview of any program that loads, drafts included, as staff will see it. */
  @Get('trainer/programs/:programId/:edition')
  @Roles('trainer', 'admin')
  preview(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param() params: ProgramParams) {
    const program = this.programs.find(params.programId, params.edition, { drafts: true });
    return this.views.render(request, reply, 'program', {
      title: `Preview: ${program.title}`,
      program,
      courses: partsView(program, this.programs.courseTitle),
      opensText: longDate(program.opensOn),
      finishByText: longDate(program.finishBy),
      preview: true,
    });
  }

  @Post('programs/:programId/:edition/practicum')
  @SignedIn()
  async practicum(@Me() me: Principal, @Res() reply: FastifyReply, @Param() params: ProgramParams) {
    await this.programs.attestPracticum(me.accountId, params.programId, params.edition);
    return reply.redirect(`/programs/${params.programId}/${params.edition}?done=practicum`, 303);
  }

  @Get('hr/programs/:programId/:edition')
  @Roles('hr', 'admin')
  async enrolment(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: ProgramParams,
    @Query('done') done?: unknown,
  ) {
    return this.renderEnrolment(request, reply, params, {
      notice: typeof done === 'string' && /^\d+$/.test(done) ? `${done} enrolled.` : null,
    });
  }

  @Post('hr/programs/:programId/:edition/enrolments')
  @Roles('hr', 'admin')
  async enrol(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: ProgramParams,
  ) {
    const form = new MultipartForm(request);
    const bytes = (await form.file('file'))?.bytes;
    const employeeId = form.field('employeeId').trim();
    try {
      const result =
        bytes && bytes.length > 0
          ? await this.programs.enrolCsv(params.programId, params.edition, bytes, me)
          : employeeId
            ? await this.programs.enrol(
                this.programs.find(params.programId, params.edition),
                [{ employeeId, line: 1 }],
                me,
              )
            : undefined;
      if (!result)
        return this.renderEnrolment(
          request,
          reply,
          params,
          { formError: 'Type an employee id, or choose a CSV file.' },
          400,
        );
      return reply.redirect(
        `/hr/programs/${params.programId}/${params.edition}?done=${result.enrolled}`,
        303,
      );
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() !== 422) throw error;
      const { errors } = error.getResponse() as { errors: { line: number; message: string }[] };
      return this.renderEnrolment(
        request,
        reply,
        params,
        { lineErrors: errors, fromCsv: Boolean(bytes?.length), employeeId },
        422,
      );
    }
  }

  private async renderEnrolment(
    request: FastifyRequest,
    reply: FastifyReply,
    params: ProgramParams,
    extra: Record<string, unknown>,
    status = 200,
  ) {
    const program = this.programs.find(params.programId, params.edition);
    const people = await this.programs.enrolled(program);
    return this.views.render(
      request,
      reply,
      'hr-program',
      {
        title: `Enrolment: ${program.title}`,
        program,
        people: people.map((p) => ({
          ...p,
          statusWords: STATUS_WORDS[p.progress.status],
          enrolledText: longDate(p.enrolledAt),
        })),
        ...extra,
      },
      status,
    );
  }
}
