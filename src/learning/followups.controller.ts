import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FollowUpParams } from '../courses/dto/course-params.dto.js';
import { SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { FollowUpsService, type MyFollowUp } from './followups.service.js';

const shown = (f: MyFollowUp) => ({
  courseId: f.courseId,
  edition: f.edition,
  id: f.id,
  title: f.title,
  dueOn: f.dueOn,
  html: f.html,
});

@ApiTags('follow-ups')
@ApiBearerAuth()
@Controller('api/me/followups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'My follow-ups due now (of courses I completed), soonest first' })
  async due(@Me() me: Principal) {
    return (await this.followUps.due(me.accountId)).map(shown);
  }

  @Post(':courseId/:followUpId/done')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Mark one of my follow-ups done (409 before its day)' })
  async done(@Me() me: Principal, @Param() params: FollowUpParams) {
    const followUp = await this.followUps.markDone(me.accountId, params.courseId, params.followUpId);
    return { ...shown(followUp), doneAt: followUp.doneAt?.toISOString() ?? null };
  }
}
