import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addDays } from '../learning/assignment-rules.js';
import { localTimestamp, todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { Roles, SignedIn } from '../identity/access.decorators.js';
import { hasRole, Me, type Principal } from '../identity/principal.js';
import { inWords } from '../web/page-form.js';
import { ViewService } from '../web/view.service.js';
import { formFieldsOf, formOfSession, requestOf, type SessionFormFields } from './dto/session-form.js';
import { CreateSessionDto, SessionParams } from './dto/session.dto.js';
import { RegistrationsService } from './registrations.service.js';
import { checkInOpen } from './session-rules.js';
import { messagesOf, whenText } from './session-words.js';
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

const isLink = (location: string) => /^https?:\/\/\S+$/i.test(location);

/** The sessions pages: the list (register, cancel) and the schedule form (attendance: session-attendance.pages.controller.ts). */
@ApiExcludeController()
@Controller('sessions')
export class SessionsPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly sessions: SessionsService,
    private readonly registrations: RegistrationsService,
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
}
