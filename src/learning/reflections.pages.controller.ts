import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { longDate } from '../common/clock.js';
import { FollowUpParams, ModuleParams } from '../courses/dto/course-params.dto.js';
import { SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { sendDownload } from '../web/download.js';
import { ViewService } from '../web/view.service.js';
import { ReflectionsService } from './reflections.service.js';

/** The reflection pages: the box's plain Save (the box is on the module page), My reflections, the download. */
@ApiExcludeController()
@Controller()
export class ReflectionsPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly reflections: ReflectionsService,
  ) {}

  /** The reflection box's plain Save: works without JavaScript, and comes back to the box. */
  @Post('learn/:courseId/modules/:moduleId/reflection')
  @SignedIn()
  async saveReflection(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: ModuleParams,
  ) {
    const result = await this.reflections.save(
      me.accountId,
      params.courseId,
      params.moduleId,
      textOf(request),
    );
    return saved(request, reply, result, `/learn/${params.courseId}/modules/${params.moduleId}`);
  }

  /** A follow-up's reflection box: the same as a module's. */
  @Post('learn/:courseId/followups/:followUpId/reflection')
  @SignedIn()
  async saveFollowUpReflection(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: FollowUpParams,
  ) {
    const result = await this.reflections.saveFollowUp(
      me.accountId,
      params.courseId,
      params.followUpId,
      textOf(request),
    );
    return saved(request, reply, result, `/learn/${params.courseId}/followups/${params.followUpId}`);
  }

  /** The person's own reflections, all of them, and a download; nobody else has a way to them. */
  @Get('reflections')
  @SignedIn()
  async myReflections(@Me() me: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const mine = await this.reflections.mine(me.accountId);
    return this.views.render(request, reply, 'reflections', {
      title: 'My reflections',
      reflections: mine.map((r) => ({
        ...r,
        updatedText: longDate(r.updatedAt),
        editHref: r.followUpId
          ? `/learn/${r.courseId}/followups/${r.followUpId}#reflection`
          : `/learn/${r.courseId}/modules/${r.moduleId}#reflection`,
      })),
    });
  }

  @Get('reflections.txt')
  @SignedIn()
  async downloadReflections(@Me() me: Principal, @Res() reply: FastifyReply) {
    const mine = await this.reflections.mine(me.accountId);
    const text = mine
      .map(
        (r) => `${r.courseTitle} (${r.edition}): ${r.moduleTitle}\n${longDate(r.updatedAt)}\n\n${r.text}\n`,
      )
      .join('\n----\n\n');
    return sendDownload(reply, {
      kind: 'txt',
      name: 'my-reflections',
      body: Buffer.from(text || 'You have no saved reflections yet.\n'),
    });
  }
}

const textOf = (request: FastifyRequest) => (request.body as Record<string, unknown> | undefined)?.text ?? '';

/**
 * After a save: back to the box on its page (the plain form), or, when the page's script saved as the
 * person typed (it asks for JSON), the result alone.
 */
function saved(request: FastifyRequest, reply: FastifyReply, result: { saved: boolean }, page: string) {
  if (request.headers.accept?.includes('application/json')) return reply.send(result);
  return reply.redirect(`${page}?saved=reflection#reflection`, 303);
}
