import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.js';
import { SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { hrefWith } from '../web/href.js';
import { ViewService } from '../web/view.service.js';
import { AttendanceService } from './attendance.service.js';
import { SessionParams } from './dto/session.dto.js';
import { checkInOpen } from './session-rules.js';
import { messagesOf, whenText } from './session-words.js';
import { SessionsService } from './sessions.service.js';

/** How many came: "3 of 12 registered marked present, 1 walk-in". */
function presentText(rows: { registration: string | null; attended: boolean }[]): string {
  const registered = rows.filter((r) => r.registration === 'registered');
  const walkIns = rows.filter((r) => r.attended && r.registration !== 'registered').length;
  const text = `${registered.filter((r) => r.attended).length} of ${registered.length} registered marked present`;
  return walkIns ? `${text}, ${walkIns} walk-in${walkIns === 1 ? '' : 's'}` : text;
}

/** Who came: the facilitator's sheet on a phone, the room's check-in code, and self check-in. */
@ApiExcludeController()
@Controller('sessions')
export class SessionAttendancePagesController {
  constructor(
    private readonly views: ViewService,
    private readonly sessions: SessionsService,
    private readonly attendance: AttendanceService,
    private readonly config: AppConfig,
  ) {}

  @Get(':id/attendance')
  @SignedIn()
  async sheet(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: SessionParams,
    @Query('q') q?: unknown,
    @Query('done') done?: unknown,
  ) {
    return this.renderSheet(me, request, reply, params.id, {
      q: typeof q === 'string' ? q.trim().slice(0, 100) : '',
      notice:
        done === 'saved'
          ? 'Attendance saved.'
          : done === 'code'
            ? 'A new check-in code is ready: show it to the room.'
            : undefined,
    });
  }

  @Post(':id/attendance')
  @SignedIn()
  async saveSheet(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: SessionParams,
    @Body() body: Record<string, unknown>,
  ) {
    const list = (value: unknown) =>
      (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
        (v): v is string => typeof v === 'string',
      );
    const q = typeof body.q === 'string' ? body.q : '';
    // The sheet may show only part of the list (a search): those it did not show keep their state.
    const shown = new Set(list(body.shown));
    const checked = list(body.attended);
    const walkIns = (typeof body.walkIn === 'string' ? body.walkIn : '').split(/[\s,]+/).filter(Boolean);
    const before = (await this.attendance.sheet(params.id, me))
      .filter((r) => r.attended)
      .map((r) => r.employeeId);
    const attended = [...before.filter((id) => !shown.has(id)), ...checked, ...walkIns];
    try {
      await this.attendance.record(params.id, me, attended);
      return reply.redirect(hrefWith(`/sessions/${params.id}/attendance`, { q, done: 'saved' }), 303);
    } catch (error) {
      if (!(error instanceof HttpException) || ![400, 409].includes(error.getStatus())) throw error;
      return this.renderSheet(me, request, reply, params.id, {
        q,
        walkIn: typeof body.walkIn === 'string' ? body.walkIn : '',
        errors: messagesOf(error).map((m) => ({
          text: m.replace(/^attended: "(.*)" is/, 'The employee id “$1” is'),
          href: '#walk-in',
        })),
        status: error.getStatus(),
      });
    }
  }

  @Post(':id/check-in-code')
  @SignedIn()
  async newCode(@Me() me: Principal, @Res() reply: FastifyReply, @Param() params: SessionParams) {
    await this.attendance.newCode(params.id, me);
    return reply.redirect(`/sessions/${params.id}/attendance?done=code#check-in-code`, 303);
  }

  @Get(':id/check-in')
  @SignedIn()
  async checkInForm(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: SessionParams,
  ) {
    return this.renderCheckIn(me, request, reply, params.id, {});
  }

  @Post(':id/check-in')
  @SignedIn()
  async checkIn(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: SessionParams,
    @Body() body: Record<string, unknown>,
  ) {
    const code = typeof body.code === 'string' ? body.code.slice(0, 32) : '';
    try {
      const { already } = await this.attendance.checkIn(params.id, me, code);
      return this.renderCheckIn(me, request, reply, params.id, {
        notice: already ? 'You were already marked present.' : 'You are checked in. Welcome!',
        done: true,
      });
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() === 404) throw error;
      return this.renderCheckIn(
        me,
        request,
        reply,
        params.id,
        { errors: messagesOf(error).map((m) => ({ text: m.replace(/^code: t/, 'T'), href: '#code' })) },
        error.getStatus(),
      );
    }
  }

  private async renderSheet(
    me: Principal,
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: {
      q: string;
      notice?: string;
      walkIn?: string;
      errors?: { text: string; href?: string }[];
      status?: number;
    },
  ) {
    const session = await this.attendance.forTaker(id, me);
    const rows = await this.attendance.sheet(id, me, extra.q || undefined);
    const everyone = extra.q ? await this.attendance.sheet(id, me) : rows;
    const now = this.sessions.now();
    return this.views.render(
      request,
      reply,
      'session-attendance',
      {
        title: `Attendance: ${session.title}`,
        session: {
          id,
          title: session.title,
          whenText: whenText(session),
          location: session.location,
          cancelled: session.status === 'cancelled',
          code: session.checkInCode,
          checkInOpen: checkInOpen(session, now),
          // The sheet opens with check-in, a little before the start (AttendanceService.record).
          notYet: !checkInOpen(session, now) && session.startsAt.getTime() > now.getTime(),
        },
        q: extra.q,
        walkIn: extra.walkIn ?? '',
        notice: extra.notice,
        errors: extra.errors,
        people: rows.map((r) => ({
          employeeId: r.employeeId,
          name: `${r.firstName} ${r.lastName}`,
          inputId: `attended-${r.employeeId.replace(/[^A-Za-z0-9_-]/g, '_')}`,
          attended: r.attended,
          note:
            r.registration === 'waitlisted' ? 'On the wait-list' : r.registration === null ? 'Walk-in' : null,
        })),
        presentText: presentText(everyone),
        searchHref: `/sessions/${id}/attendance`,
        checkInUrl: `${this.config.publicUrl}/sessions/${id}/check-in`,
      },
      extra.status ?? 200,
    );
  }

  private async renderCheckIn(
    me: Principal,
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: { notice?: string; errors?: { text: string; href?: string }[]; done?: boolean },
    status = 200,
  ) {
    const session = await this.sessions.view(id, me);
    return this.views.render(
      request,
      reply,
      'session-check-in',
      {
        title: `Check in: ${session.title}`,
        session: { id, title: session.title, whenText: whenText(session), location: session.location },
        open: checkInOpen(session, this.sessions.now()) && session.status === 'scheduled',
        ...extra,
      },
      status,
    );
  }
}
