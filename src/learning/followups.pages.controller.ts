import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { longDate } from '../common/clock.js';
import { FollowUpParams } from '../courses/dto/course-params.dto.js';
import { SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { ViewService } from '../web/view.service.js';
import { FollowUpsService } from './followups.service.js';
import { ReflectionsService } from './reflections.service.js';

/** A follow-up's page (its prompt, a private reflection box, Mark as done) and its Mark as done. */
@ApiExcludeController()
@Controller('learn/:courseId/followups/:followUpId')
export class FollowUpsPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly followUps: FollowUpsService,
    private readonly reflections: ReflectionsService,
  ) {}

  @Get()
  @SignedIn()
  async page(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: FollowUpParams,
    @Query('saved') saved?: unknown,
  ) {
    const followUp = await this.followUps.one(me.accountId, params.courseId, params.followUpId);
    const reflection = await this.reflections.text(me.accountId, followUp.courseId, followUp.edition, {
      followUpId: followUp.id,
    });
    return this.views.render(request, reply, 'learn-followup', {
      title: followUp.title,
      followUp,
      due: followUp.state === 'due',
      upcoming: followUp.state === 'upcoming',
      dueText: longDate(followUp.dueOn),
      doneText: followUp.doneAt ? longDate(followUp.doneAt) : null,
      reflection: {
        text: reflection,
        action: `/learn/${followUp.courseId}/followups/${followUp.id}/reflection`,
      },
      reflectionSaved: saved === 'reflection',
      justDone: saved === 'done',
      base: `/learn/${followUp.courseId}/followups/${followUp.id}`,
    });
  }

  @Post('done')
  @SignedIn()
  async done(@Me() me: Principal, @Res() reply: FastifyReply, @Param() params: FollowUpParams) {
    await this.followUps.markDone(me.accountId, params.courseId, params.followUpId);
    return reply.redirect(`/learn/${params.courseId}/followups/${params.followUpId}?saved=done`, 303);
  }
}
