import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addDays } from '../learning/assignment-rules.js';
import { localTimestamp, longDate, todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { Roles, SignedIn } from '../identity/access.decorators.js';
import { hasRole, Me, type Principal } from '../identity/principal.js';
import { hrefWith } from '../web/href.js';
import { inWords } from '../web/page-form.js';
import { ViewService } from '../web/view.service.js';
import { AttendanceService } from './attendance.service.js';
import { formFieldsOf, formOfSession, requestOf, type SessionFormFields } from './dto/session-form.js';
import { CreateSessionDto, SessionParams } from './dto/session.dto.js';
import { RegistrationsService } from './registrations.service.js';
import { checkInOpen } from './session-rules.js';
import { type SessionView, SessionsService } from './sessions.service.js';

/** The request's field names in the words the form uses. */
const FIELD_WORDS: Record<string, string> = {
  title: 'The title',
  courseId: 'The course',
  startsAt: 'The date and start time',
  endsAt: 'The end time',
  location: 'The place',
  capacity: 'The number of seats',
  pdHours: 'The PD hours',
  facilitatorEmployeeIds: 'The facilitators',
  attended: 'Attendance',
  code: 'The code',
};
/** Where each field's error links to on the form. */
const FIELD_INPUT: Record<string, string> = {
  title: 'title',
  courseId: 'courseId',
  startsAt: 'day',
  endsAt: 'endTime',
  location: 'location',
  capacity: 'capacity',
  pdHours: 'pdHours',
  facilitatorEmployeeIds: 'facilitators',
};
/** Sessions that ended this long ago still show to those who take attendance (a sheet filled in late). */
const RECENT_DAYS = 14;

const NOTICES: Record<string, string> = {
  registered: 'You are registered. You can add the session to your calendar from its card below.',
  waitlisted: 'The session is full: you are on the wait-list, and you get the first seat that frees up.',
  cancelled: 'Your place is cancelled.',
  scheduled: 'The session is scheduled.',
  saved: 'The session is saved.',
  'session-cancelled': 'The session is cancelled. Every seat and place on the wait-list is freed.',
};

/** Words of a field problem ("capacity must …" → "The number of seats must …"; "courseId: …"). */
function problemText(message: string): { text: string; href?: string } {
  const field = /^(\w+)/.exec(message)?.[1] ?? '';
  const input = FIELD_INPUT[field];
  return {
    text: inWords(message, FIELD_WORDS).replace(/\bstartsAt\b/, 'the start time'),
    href: input ? `#${input}` : undefined,
  };
}

/** The messages of a refused request (one or several). */
function messagesOf(error: HttpException): string[] {
  const response = error.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String);
  return [typeof message === 'string' ? message : error.message];
}

/** A session's time in words: December 10, 2026, 15:30–17:00. */
function whenText(view: { startsAt: Date; endsAt: Date }): string {
  const start = localTimestamp(view.startsAt);
  const end = localTimestamp(view.endsAt);
  const endText =
    start.slice(0, 10) === end.slice(0, 10)
      ? end.slice(11, 16)
      : `${longDate(view.endsAt)}, ${end.slice(11, 16)}`;
  return `${longDate(view.startsAt)}, ${start.slice(11, 16)}–${endText}`;
}

/** How many came: "3 of 12 registered marked present, 1 walk-in". */
function presentText(rows: { registration: string | null; attended: boolean }[]): string {
  const registered = rows.filter((r) => r.registration === 'registered');
  const walkIns = rows.filter((r) => r.attended && r.registration !== 'registered').length;
  const text = `${registered.filter((r) => r.attended).length} of ${registered.length} registered marked present`;
  return walkIns ? `${text}, ${walkIns} walk-in${walkIns === 1 ? '' : 's'}` : text;
}

const isLink = (location: string) => /^https?:\/\/\S+$/i.test(location);

/** The sessions pages: the list (register, cancel), the schedule form, attendance and self check-in. */
@ApiExcludeController()
@Controller('sessions')
export class SessionsPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly sessions: SessionsService,
    private readonly registrations: RegistrationsService,
    private readonly attendance: AttendanceService,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @SignedIn()
  async list(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('done') done?: unknown,
  ) {
    return this.renderList(me, request, reply, {
      notice: typeof done === 'string' ? NOTICES[done] : undefined,
    });
  }

  @Post(':id/register')
  @SignedIn()
  async register(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: SessionParams,
  ) {
    try {
      const result = await this.registrations.register(params.id, me);
      return reply.redirect(`/sessions?done=${result.status}#session-${params.id}`, 303);
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() === 404) throw error;
      return this.renderList(me, request, reply, { errors: messagesOf(error), status: error.getStatus() });
    }
  }

  @Post(':id/unregister')
  @SignedIn()
  async unregister(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: SessionParams,
  ) {
    try {
      await this.registrations.cancel(params.id, me);
      return reply.redirect(`/sessions?done=cancelled#session-${params.id}`, 303);
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() === 404) throw error;
      return this.renderList(me, request, reply, { errors: messagesOf(error), status: error.getStatus() });
    }
  }

  /** The page's own link to the calendar file (the API's takes a bearer token, pages a cookie). */
  @Get(':id.ics')
  @SignedIn()
  async ics(@Me() me: Principal, @Param() params: SessionParams, @Res() reply: FastifyReply) {
    const ics = await this.sessions.ics(params.id, me);
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="session-${params.id}.ics"`)
      .header('cache-control', 'no-store')
      .send(ics);
  }

  @Get('new')
  @Roles('trainer', 'admin')
  async newForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const day = addDays(todayIso(this.config), 7);
    return this.renderForm(request, reply, null, {
      title: '',
      courseId: '',
      day,
      startTime: '15:30',
      endTime: '17:00',
      location: '',
      capacity: '30',
      pdHours: '1.5',
      facilitators: '',
    });
  }

  @Post('new')
  @Roles('trainer', 'admin')
  async create(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown>,
  ) {
    const fields = formFieldsOf(body);
    const errors = await this.check(fields);
    if (!errors.length) {
      try {
        const view = await this.sessions.schedule(plainToInstance(CreateSessionDto, requestOf(fields)), me);
        return reply.redirect(`/sessions?done=scheduled#session-${view.id}`, 303);
      } catch (error) {
        if (!(error instanceof HttpException) || error.getStatus() !== 400) throw error;
        errors.push(...messagesOf(error).map(problemText));
      }
    }
    return this.renderForm(request, reply, null, fields, errors);
  }

  @Get(':id/edit')
  @Roles('trainer', 'admin')
  async editForm(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: SessionParams,
  ) {
    const view = await this.sessions.view(params.id, me);
    return this.renderForm(request, reply, view, formOfSession(view));
  }

  @Post(':id/edit')
  @Roles('trainer', 'admin')
  async edit(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: SessionParams,
    @Body() body: Record<string, unknown>,
  ) {
    const view = await this.sessions.view(params.id, me);
    const fields = formFieldsOf(body);
    const errors = await this.check(fields);
    if (!errors.length) {
      try {
        const request = requestOf(fields);
        // A course cleared on the form is no longer the session's: the API's null is "none".
        await this.sessions.update(
          params.id,
          plainToInstance(CreateSessionDto, { ...request, courseId: fields.courseId || null }),
          me,
        );
        return reply.redirect(`/sessions?done=saved#session-${params.id}`, 303);
      } catch (error) {
        if (!(error instanceof HttpException) || ![400, 409].includes(error.getStatus())) throw error;
        errors.push(...messagesOf(error).map(problemText));
      }
    }
    return this.renderForm(request, reply, view, fields, errors);
  }

  @Post(':id/cancel')
  @Roles('trainer', 'admin')
  async cancel(@Me() me: Principal, @Res() reply: FastifyReply, @Param() params: SessionParams) {
    await this.sessions.cancel(params.id, me);
    return reply.redirect(`/sessions?done=session-cancelled#session-${params.id}`, 303);
  }

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

  /** The form's fields checked with the API's DTO, each failure in the form's words. */
  private async check(fields: SessionFormFields): Promise<{ text: string; href?: string }[]> {
    const request = requestOf(fields);
    const problems = await validate(plainToInstance(CreateSessionDto, request), { whitelist: true });
    const messages = problems.flatMap((problem) => Object.values(problem.constraints ?? {}));
    // Named with the rest, not after they are fixed (the service checks the start against the clock).
    const [start, end] = [request.startsAt, request.endsAt].map((t) => new Date(String(t)).getTime());
    if (start && end && end <= start) messages.push('endsAt must be after startsAt');
    return messages.map(problemText);
  }

  private async renderList(
    me: Principal,
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { notice?: string; errors?: string[]; status?: number },
  ) {
    const today = todayIso(this.config);
    const scheduler = hasRole(me, 'trainer', 'admin');
    const taker = hasRole(me, 'trainer', 'hr', 'admin');
    const now = this.sessions.now().getTime();
    const all = await this.sessions.list(me, addDays(today, -RECENT_DAYS), addDays(today, 120));
    const shown = all.filter(
      (s) =>
        (s.endsAt.getTime() >= now || s.canTakeAttendance) &&
        (s.forMe || s.myStatus !== null || s.canTakeAttendance || scheduler),
    );
    const ended = (s: SessionView) => s.endsAt.getTime() < now;
    const present = (s: SessionView) => ({
      id: s.id,
      anchor: `session-${s.id}`,
      title: s.title,
      course: s.courseId ? (this.catalog.current(s.courseId)?.title ?? s.courseId) : null,
      whenText: whenText(s),
      location: s.location,
      locationIsLink: isLink(s.location),
      pdHours: s.pdHours,
      cancelled: s.status === 'cancelled',
      past: s.startsAt.getTime() <= now,
      running: checkInOpen(s, new Date(now)),
      seatsText: ended(s)
        ? `${s.capacity - s.seatsLeft} registered, ${s.attended} came`
        : s.seatsLeft === 0
          ? `Full${s.waitlisted ? `: ${s.waitlisted} waiting` : ''}`
          : `${s.seatsLeft} of ${s.capacity} seat${s.capacity === 1 ? '' : 's'} left`,
      myStatusText:
        s.myStatus === 'registered'
          ? 'You are registered'
          : s.myStatus === 'waitlisted'
            ? `You are number ${s.waitlistPosition} on the wait-list`
            : null,
      canRegister: s.open && s.myStatus === null,
      canCancel: s.myStatus !== null && s.status === 'scheduled' && s.startsAt.getTime() > now,
      // Who may download it (see SessionsService.ics).
      hasIcs: s.myStatus !== null || s.facilitates || hasRole(me, 'hr', 'admin'),
      facilitators: s.facilitators.map((f) => f.name).join(', '),
      canTakeAttendance: s.canTakeAttendance && s.status === 'scheduled',
      canEdit: scheduler && s.status === 'scheduled',
    });
    const upcoming = shown.filter((s) => s.endsAt.getTime() >= now).map(present);
    const recent = shown
      .filter((s) => s.endsAt.getTime() < now)
      .map(present)
      .reverse();
    return this.views.render(
      request,
      reply,
      'sessions',
      {
        title: 'Sessions',
        notice: extra.notice,
        errors: extra.errors,
        upcoming,
        recent: taker ? recent : [],
        scheduler,
      },
      extra.status ?? 200,
    );
  }

  private async renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    session: SessionView | null,
    form: SessionFormFields,
    errors: { text: string; href?: string }[] = [],
  ) {
    const seen = new Set<string>();
    const courses = this.catalog
      .published()
      .filter((c) => !seen.has(c.id) && seen.add(c.id))
      .map((c) => ({ id: c.id, title: c.title, selected: c.id === form.courseId }));
    return this.views.render(
      request,
      reply,
      'session-form',
      {
        title: session ? `Edit: ${session.title}` : 'Schedule a session',
        session: session ? { id: session.id, title: session.title } : null,
        action: session ? `/sessions/${session.id}/edit` : '/sessions/new',
        form,
        courses,
        errors,
        zone: localTimestamp(new Date()).slice(19),
      },
      errors.length ? 400 : 200,
    );
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
