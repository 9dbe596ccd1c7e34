import { Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { longDate, longMoment } from '../common/clock.js';
import { Public, SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { ViewService } from '../web/view.service.js';
import { CalendarService } from './calendar.service.js';
import { FeedParams } from './dto/feed-params.dto.js';

/**
 * The person's calendar page (make, replace or stop their private link), and the feed itself, which a
 * calendar app fetches with no session: the token in its address is the whole credential.
 */
@ApiExcludeController()
@Controller('calendar')
export class CalendarPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly calendar: CalendarService,
  ) {}

  @Get()
  @SignedIn()
  async page(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('done') done?: unknown,
  ) {
    return this.render(me, request, reply, {
      notice: done === 'stopped' ? 'Your calendar feed is off. Its link no longer works.' : null,
    });
  }

  @Post('feed')
  @SignedIn()
  async make(@Me() me: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { url } = await this.calendar.make(me.accountId);
    // Shown this once; the page is never cached (the view service sends no-store).
    return this.render(me, request, reply, { url });
  }

  @Post('feed/stop')
  @SignedIn()
  async stop(@Me() me: Principal, @Res() reply: FastifyReply) {
    await this.calendar.stop(me.accountId);
    return reply.redirect('/calendar?done=stopped', 303);
  }

  /**
   * The token is in the path, so it must never reach a log: nothing logs request URLs (Fastify's logger
   * is off, app.factory.ts), and the error filter names only the route's pattern (`requestPath`).
   */
  @Get(':token.ics')
  @Public()
  async feed(@Res() reply: FastifyReply, @Param() params: FeedParams) {
    const ics = await this.calendar.feed(params.token);
    // Unknown, replaced and stopped links alike: nothing says which.
    if (ics === null) throw new NotFoundException();
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="hearth.ics"')
      .header('cache-control', 'no-store')
      .send(ics);
  }

  private async render(
    me: Principal,
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { url?: string; notice?: string | null },
  ) {
    const state = await this.calendar.state(me.accountId);
    return this.views.render(request, reply, 'calendar', {
      title: 'Your calendar feed',
      feed: state
        ? {
            madeText: longDate(state.createdAt),
            lastReadText: state.lastReadAt ? longMoment(state.lastReadAt) : null,
          }
        : null,
      ...extra,
    });
  }
}
