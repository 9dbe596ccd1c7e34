import { Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service.js';
import { longMoment } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { Roles } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { ViewService } from '../web/view.service.js';
import { audienceText } from './audience.js';
import { CourseCatalog } from './course-catalog.service.js';
import type { CourseEdition } from './course.types.js';
import { EditionModuleParams, EditionParams, EditionResourceParams } from './dto/course-params.dto.js';

/** Trainer pages: every edition found with its problems, and previews exactly as learners see them. */
@ApiExcludeController()
@Controller('trainer/courses')
export class TrainerPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Roles('trainer', 'admin')
  list(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('reloaded') reloaded?: string) {
    const load = this.catalog.load;
    const editions = load.found.map((entry) => ({
      ...entry,
      ready: Boolean(entry.course),
      lastGoodAt: entry.lastGoodAt?.toISOString() ?? null,
      modules: entry.course?.modules.length,
      questions: entry.course?.quiz.length,
      resources: entry.course?.resources.length,
    }));
    const loadedAt = this.catalog.lastLoadedAt;
    return this.views.render(request, reply, 'trainer-courses', {
      title: 'Courses',
      editions,
      programs: load.foundPrograms,
      problemCount: load.problems.length,
      warningCount: load.warnings.length,
      loaded: loadedAt && {
        at: longMoment(loadedAt),
        editions: load.found.length,
        served: load.courses.length,
        lastGood: load.found.filter((entry) => entry.lastGoodAt).length,
        programs: load.programs.length,
        problems: load.problems.length,
      },
      reloaded: reloaded === '1',
    });
  }

  /** The course list's Reload button: the same reload as POST /api/courses/reload, then the list with its result. */
  @Post('reload')
  @Roles('trainer', 'admin')
  async reload(@Me() me: Principal, @Res() reply: FastifyReply) {
    const result = await this.catalog.reload();
    await this.audit.record(me, {
      action: 'courses.reload',
      details: { editions: result.found.length, ready: result.courses.length, problems: result.problems.length },
    });
    return reply.redirect('/trainer/courses?reloaded=1', 303);
  }

  @Get(':courseId/:edition')
  @Roles('trainer', 'admin')
  edition(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param() params: EditionParams) {
    const course = this.edition$(params);
    const modules = course.modules.map((m) => ({ ...m, forWhom: audienceText(m, (role) => this.config.roleLabel(role)) }));
    return this.views.render(request, reply, 'trainer-course', {
      title: `${course.title} (${course.edition})`,
      course,
      modules,
      base: `/trainer/courses/${course.id}/${course.edition}`,
    });
  }

  @Get(':courseId/:edition/modules/:moduleId')
  @Roles('trainer', 'admin')
  module(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param() params: EditionModuleParams) {
    const course = this.edition$(params);
    const index = course.modules.findIndex((m) => m.id === params.moduleId);
    if (index < 0) throw new NotFoundException('No such module');
    const module = course.modules[index];
    const base = `/trainer/courses/${course.id}/${course.edition}`;
    return this.views.render(request, reply, 'trainer-module', {
      title: `Preview: ${module.title}`,
      course,
      module,
      forWhom: audienceText(module, (role) => this.config.roleLabel(role)),
      position: index + 1,
      total: course.modules.length,
      previous: index > 0 ? `${base}/modules/${course.modules[index - 1].id}` : null,
      next: index < course.modules.length - 1 ? `${base}/modules/${course.modules[index + 1].id}` : `${base}/quiz`,
      base,
      support: this.config.support,
    });
  }

  @Get(':courseId/:edition/resources/:resourceId')
  @Roles('trainer', 'admin')
  resource(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param() params: EditionResourceParams) {
    const course = this.edition$(params);
    const resource = course.resources.find((r) => r.id === params.resourceId);
    if (!resource) throw new NotFoundException('No such resource');
    return this.views.render(request, reply, 'trainer-resource', {
      title: `Preview: ${resource.title}`,
      course,
      resource,
      base: `/trainer/courses/${course.id}/${course.edition}`,
    });
  }

  @Get(':courseId/:edition/quiz')
  @Roles('trainer', 'admin')
  quiz(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param() params: EditionParams) {
    const course = this.edition$(params);
    const questions = course.quiz.map((question, index) => ({
      ...question,
      number: index + 1,
      multiple: question.type === 'multiple',
      options: question.options.map((option) => ({ ...option, correct: question.answer.includes(option.id) })),
    }));
    return this.views.render(request, reply, 'trainer-quiz', {
      title: `Preview: quiz for ${course.title}`,
      course,
      questions,
      base: `/trainer/courses/${course.id}/${course.edition}`,
      support: this.config.support,
    });
  }

  private edition$(params: EditionParams): CourseEdition {
    const course = this.catalog.find(params.courseId, params.edition, { drafts: true });
    if (!course) throw new NotFoundException('No such course edition (it may have problems: see the course list)');
    return course;
  }
}
