import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { audienceText } from '../courses/audience.js';
import { CourseParams, ModuleParams, ResourceParams } from '../courses/dto/course-params.dto.js';
import { SignedIn } from '../identity/access.decorators.js';
import { hasRole, Me, type Principal } from '../identity/principal.js';
import { ViewService } from '../web/view.service.js';
import { dueDistance, longDate, todayIso } from '../common/clock.js';
import { STATUS_WORDS } from './assignment-rules.js';
import { FollowUpsService } from './followups.service.js';
import {
  followUpWhen,
  moduleProgress,
  nextHref,
  pickUp,
  readConfirmation,
  stepAfterModules,
  withRead,
} from './learner-steps.js';
import { MyAssignmentsService } from './my-assignments.service.js';
import { ProgressService, type Work } from './progress.service.js';
import { ReflectionsService } from './reflections.service.js';
import { SurveyOffers } from './survey-offers.js';

/** "due in 3 days" → "Due in 3 days". */
const sentence = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

/** The learner's pages: My training, courses, modules, resources, the attestation, completion (the quiz: QuizPagesController). */
@ApiExcludeController()
@Controller()
export class LearnerPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly progress: ProgressService,
    private readonly mine: MyAssignmentsService,
    private readonly reflections: ReflectionsService,
    private readonly followUps: FollowUpsService,
    private readonly config: AppConfig,
    private readonly surveys: SurveyOffers,
  ) {}

  @Get('/')
  @SignedIn()
  async home(@Me() me: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    // The district's day (TZ, or HEARTH_TODAY): the same one the statuses are counted on.
    const today = todayIso(this.config);
    const assignments = (await this.mine.list(me.accountId)).map((a) => ({
      ...a,
      statusWords: STATUS_WORDS[a.status],
      overdue: a.status === 'overdue',
      percent: a.modulesTotal ? Math.round((100 * a.modulesDone) / a.modulesTotal) : 0,
      href: nextHref(a),
      action:
        a.next.kind === 'done'
          ? 'Review'
          : a.status === 'not_started' || (a.status === 'overdue' && a.modulesDone === 0)
            ? 'Start'
            : 'Continue',
      dueText: longDate(a.dueDate),
      // Exempt: nothing is due, so no count of days either.
      dueInText: a.status === 'exempt' ? null : dueDistance(a.dueDate, today),
      completedText: a.completedAt ? longDate(a.completedAt) : null,
    }));
    const followUps = (await this.followUps.due(me.accountId)).map((f) => ({
      ...f,
      dueText: longDate(f.dueOn),
    }));
    return this.views.render(request, reply, 'home', {
      title: 'My training',
      assignments,
      followUps,
      isHr: hasRole(me, 'hr', 'admin'),
      isTrainer: hasRole(me, 'trainer', 'admin'),
    });
  }

  @Get('learn/:courseId')
  @SignedIn()
  async course(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: CourseParams,
    @Query('read') read?: unknown,
  ) {
    const work = await this.progress.workOf({ accountId: me.accountId, courseId: params.courseId });
    const standing = await this.progress.standing(work);
    const done = new Set(standing.modulesDone);
    const minutesLeft = work.course.modules
      .filter((m) => !done.has(m.id))
      .reduce((sum, m) => sum + m.minutes, 0);
    const followUps = standing.completedAt
      ? (await this.followUps.list(me.accountId))
          .filter((f) => f.courseId === work.course.id && f.edition === work.course.edition)
          .map((f) => ({ ...f, open: f.state !== 'upcoming', when: followUpWhen(f) }))
      : [];
    return this.views.render(request, reply, 'learn-course', {
      followUps,
      title: work.course.title,
      course: work.course,
      assignment: work.assignment,
      dueText: longDate(work.assignment.dueDate),
      dueInText: work.assignment.exemptSource
        ? null
        : sentence(dueDistance(work.assignment.dueDate, todayIso(this.config))),
      modules: work.course.modules.map((m) => ({ ...m, done: done.has(m.id) })),
      standing,
      progress: moduleProgress(work, standing),
      minutesLeft,
      pickUp: pickUp(work, standing),
      readNote: readConfirmation(work, standing, read),
      surveyPre: (await this.surveys.offered(me.accountId, work, standing)).includes('pre'),
      base: `/learn/${work.course.id}`,
    });
  }

  @Get('learn/:courseId/modules/:moduleId')
  @SignedIn()
  async module(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: ModuleParams,
    @Query('saved') saved?: unknown,
    @Query('read') read?: unknown,
  ) {
    const work = await this.progress.workOf({ accountId: me.accountId, courseId: params.courseId });
    const index = work.course.modules.findIndex((m) => m.id === params.moduleId);
    if (index < 0) throw new HttpException('No such module', 404);
    const standing = await this.progress.standing(work);
    const base = `/learn/${work.course.id}`;
    const modules = work.course.modules;
    const reflection = modules[index].reflection
      ? {
          action: `${base}/modules/${modules[index].id}/reflection`,
          text: await this.reflections.text(me.accountId, work.course.id, work.course.edition, {
            moduleId: modules[index].id,
          }),
        }
      : null;
    return this.views.render(request, reply, 'learn-module', {
      title: modules[index].title,
      reflection,
      reflectionSaved: saved === 'reflection',
      course: work.course,
      module: modules[index],
      forWhom: audienceText(modules[index], (role) => this.config.roleLabel(role)),
      position: index + 1,
      total: modules.length,
      done: standing.modulesDone.includes(modules[index].id),
      progress: moduleProgress(work, standing),
      readNote: readConfirmation(work, standing, read),
      previous: index > 0 ? `${base}/modules/${modules[index - 1].id}` : null,
      ...(index < modules.length - 1
        ? {
            next: `${base}/modules/${modules[index + 1].id}`,
            nextLabel: 'Next module',
            then: `module ${index + 2}, ${modules[index + 1].title}`,
          }
        : stepAfterModules(work, standing, modules[index].id)),
      support: this.config.support,
      base,
    });
  }

  /** A references page or job aid: for anyone the course is assigned to, completed or not. */
  @Get('learn/:courseId/resources/:resourceId')
  @SignedIn()
  async resource(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: ResourceParams,
  ) {
    const work = await this.progress.workOf({ accountId: me.accountId, courseId: params.courseId });
    const resource = work.course.resources.find((r) => r.id === params.resourceId);
    if (!resource) throw new HttpException('No such resource', 404);
    return this.views.render(request, reply, 'learn-resource', {
      title: resource.title,
      course: work.course,
      resource,
      base: `/learn/${work.course.id}`,
    });
  }

  @Post('learn/:courseId/modules/:moduleId/complete')
  @SignedIn()
  async completeModule(@Me() me: Principal, @Res() reply: FastifyReply, @Param() params: ModuleParams) {
    const { work, completion } = await this.progress.completeModule(
      { accountId: me.accountId, courseId: params.courseId },
      params.moduleId,
    );
    const course = `/learn/${work.course.id}`;
    // This module completed the course: every other step was done before it.
    if (completion && !work.assignment.completedAt) return reply.redirect(`${course}/complete`, 303);
    const index = work.course.modules.findIndex((m) => m.id === params.moduleId);
    const following = work.course.modules[index + 1];
    // The page it leads to confirms it ("Module 2 of 7 marked as read"), from what is stored.
    const next = following
      ? `${course}/modules/${following.id}`
      : stepAfterModules(work, await this.progress.standing(work)).next;
    return reply.redirect(withRead(next, params.moduleId), 303);
  }

  @Get('learn/:courseId/attest')
  @SignedIn()
  async attestPage(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: CourseParams,
    @Query('read') read?: unknown,
  ) {
    const work = await this.progress.workOf({ accountId: me.accountId, courseId: params.courseId });
    return this.renderAttestation(request, reply, work, [], 200, read);
  }

  @Post('learn/:courseId/attest')
  @SignedIn()
  async attest(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: CourseParams,
    @Body() form: Record<string, unknown>,
  ) {
    const key = { accountId: me.accountId, courseId: params.courseId };
    if (form.agree !== 'yes') {
      const work = await this.progress.workOf(key);
      return this.renderAttestation(
        request,
        reply,
        work,
        ['Tick the box to confirm the statement, or come back when you are ready.'],
        400,
      );
    }
    let result;
    try {
      result = await this.progress.attest(key);
    } catch (error) {
      // Modules still to complete: the page says which comes next.
      if (!(error instanceof ConflictException)) throw error;
      return this.renderAttestation(request, reply, await this.progress.workOf(key), [], 409);
    }
    const course = `/learn/${result.work.course.id}`;
    return reply.redirect(result.completion ? `${course}/complete` : course, 303);
  }

  @Get('learn/:courseId/complete')
  @SignedIn()
  async complete(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: CourseParams,
  ) {
    const work = await this.progress.workOf({ accountId: me.accountId, courseId: params.courseId });
    const standing = await this.progress.standing(work);
    if (!standing.completedAt) return reply.redirect(`/learn/${work.course.id}`, 303);
    return this.views.render(request, reply, 'learn-complete', {
      title: 'Course completed',
      course: work.course,
      completedOn: longDate(standing.completedAt),
      serial: await this.progress.certificateSerial(work),
      surveyPost: (await this.surveys.offered(me.accountId, work, standing)).includes('post'),
    });
  }

  /** The attestation form, or, while modules are left, what comes first (the statement affirms them). */
  private async renderAttestation(
    request: FastifyRequest,
    reply: FastifyReply,
    work: Work,
    errors: string[],
    status = 200,
    read?: unknown,
  ) {
    const standing = await this.progress.standing(work);
    const done = new Set(standing.modulesDone);
    const modulesLeft = work.course.modules.length - done.size;
    return this.views.render(
      request,
      reply,
      'learn-attest',
      {
        title: 'Attestation',
        course: work.course,
        standing,
        errors,
        modulesLeft,
        readNote: readConfirmation(work, standing, read),
        nextModule: work.course.modules.find((m) => !done.has(m.id)),
      },
      status,
    );
  }
}
