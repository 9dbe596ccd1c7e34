import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { localTimestamp, momentNow, startOfLocalDay, todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { SessionAudience } from './session-audience.js';
import { SessionMail } from './session-mail.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { Database } from '../database/database.js';
import { hasRole, type Principal } from '../identity/principal.js';
import { addDays } from '../learning/assignment-rules.js';
import { calendarIcs } from '../calendar/calendar-ics.js';
import type { CreateSessionDto, UpdateSessionDto } from './dto/session.dto.js';
import { sessionCalendarItem } from './session-calendar.js';
import { FieldProblems } from './session-errors.js';
import { hoursOfX100, hoursX100, seatsToFill, timeProblems } from './session-rules.js';
import type { TrainingSession } from './training-session.entity.js';
import type { SessionFields, SessionListing, StaffRef } from './session-rows.js';
import { TrainingSessionsRepository } from './training-sessions.repository.js';

/** Days a list covers when no end is asked for. */
export const DEFAULT_RANGE_DAYS = 90;
/** The longest range one list answers. */
const MAX_RANGE_DAYS = 400;

/** A session as the API and the pages see it, for one viewer. */
export interface SessionView {
  id: number;
  title: string;
  courseId: string | null;
  programId: string | null;
  startsAt: Date;
  endsAt: Date;
  location: string;
  capacity: number;
  pdHours: number;
  status: TrainingSession['status'];
  seatsLeft: number;
  waitlisted: number;
  /** The viewer's place: null when they have none (or gave it up). */
  myStatus: 'registered' | 'waitlisted' | null;
  /** The viewer's place on the wait-list, from 1; null when not waiting. */
  waitlistPosition: number | null;
  /** How many are recorded as present. */
  attended: number;
  /** Whether the viewer may register for it now. */
  open: boolean;
  facilitators: { employeeId: string; name: string }[];
  /** Whether the viewer may take its attendance. */
  canTakeAttendance: boolean;
  /** Whether the viewer facilitates it. */
  facilitates: boolean;
  /** Whether it is for the viewer (active staff; assigned its course, if it has one), cancelled or not. */
  forMe: boolean;
}

/** A session as JSON: moments in the server's zone, with their offset. */
export function sessionJson(view: SessionView) {
  const { canTakeAttendance: _c, forMe: _f, facilitates: _l, ...rest } = view;
  return { ...rest, startsAt: localTimestamp(view.startsAt), endsAt: localTimestamp(view.endsAt) };
}

/** Scheduling facilitated sessions (trainers, admins), and what a person sees of them. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly database: Database,
    private readonly sessions: TrainingSessionsRepository,
    private readonly audience: SessionAudience,
    private readonly mail: SessionMail,
    private readonly catalog: CourseCatalog,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** "Now" for sessions: the clock, moved onto HEARTH_TODAY when that is set (tests, the demo). */
  now(): Date {
    return momentNow(this.config);
  }

  async get(id: number): Promise<TrainingSession> {
    const session = await this.sessions.byId(id);
    if (!session) throw new NotFoundException(`No session ${id}`);
    return session;
  }

  async schedule(dto: CreateSessionDto, actor: Principal): Promise<SessionView> {
    const now = this.now();
    const fields = this.fieldsOf(dto, undefined, now);
    const facilitators = await this.facilitatorsOf(dto.facilitatorEmployeeIds ?? []);
    const id = await this.database.transaction(async () => {
      const id = await this.sessions.create(fields, new Date());
      await this.sessions.replaceFacilitators(
        id,
        facilitators.map((f) => f.id),
      );
      await this.audit.record(actor, {
        action: 'session.schedule',
        target: `session ${id}`,
        details: this.auditDetails(fields, facilitators),
      });
      return id;
    });
    return this.view(id, actor);
  }

  async update(id: number, dto: UpdateSessionDto, actor: Principal): Promise<SessionView> {
    const now = this.now();
    const facilitators =
      dto.facilitatorEmployeeIds === undefined
        ? undefined
        : await this.facilitatorsOf(dto.facilitatorEmployeeIds);
    await this.database.transaction(async () => {
      const session = await this.sessions.lockedById(id);
      if (!session) throw new NotFoundException(`No session ${id}`);
      if (session.status === 'cancelled')
        throw new ConflictException('This session is cancelled: it cannot change');
      const fields = this.fieldsOf(dto, session, now);
      const registered = await this.sessions.registeredCount(id);
      if (fields.capacity < registered)
        throw new FieldProblems([
          `capacity must be at least ${registered}: ${registered} people hold a seat already`,
        ]);
      await this.sessions.update(id, fields, new Date());
      if (facilitators)
        await this.sessions.replaceFacilitators(
          id,
          facilitators.map((f) => f.id),
        );
      // A larger room seats the first who wait.
      const waiting = await this.sessions.seatFromWaitList(id, seatsToFill(registered, fields.capacity));
      const updated = await this.sessions.lockedById(id);
      if (updated)
        await this.mail.seatGiven(
          updated,
          waiting.map((w) => w.staffId),
        );
      await this.audit.record(actor, {
        action: 'session.update',
        target: `session ${id}`,
        details: {
          changed: Object.keys(dto),
          ...this.auditDetails(fields, facilitators),
          promotedFromWaitList: waiting.length,
        },
      });
    });
    return this.view(id, actor);
  }

  /** Cancels the session and frees every seat and place on the wait-list, telling each holder by mail. */
  async cancel(id: number, actor: Principal): Promise<SessionView> {
    await this.database.transaction(async () => {
      const session = await this.sessions.lockedById(id);
      if (!session) throw new NotFoundException(`No session ${id}`);
      if (session.status === 'cancelled') return;
      const at = new Date();
      await this.sessions.setStatus(id, 'cancelled', at);
      const freed = await this.sessions.cancelAll(id, at);
      await this.mail.cancelled(session, freed);
      await this.audit.record(actor, {
        action: 'session.cancel',
        target: `session ${id}`,
        details: {
          title: session.title,
          startsAt: session.startsAt.toISOString(),
          placesFreed: freed.length,
        },
      });
    });
    return this.view(id, actor);
  }

  /** Sessions starting from the first day to the last (both local days, the last included). */
  async list(viewer: Principal, from?: string, to?: string): Promise<SessionView[]> {
    const first = from ?? todayIso(this.config);
    const last = to ?? addDays(first, DEFAULT_RANGE_DAYS);
    if (last < first) throw new FieldProblems(['to must not be before from']);
    if (addDays(first, MAX_RANGE_DAYS) < last)
      throw new FieldProblems([`to must be at most ${MAX_RANGE_DAYS} days after from`]);
    const me = await this.sessions.staffOfAccount(viewer.accountId);
    const rows = await this.sessions.inRange(
      startOfLocalDay(first),
      startOfLocalDay(addDays(last, 1)),
      me?.id ?? null,
    );
    return this.views(rows, viewer, me);
  }

  /** One session as the viewer sees it. */
  async view(id: number, viewer: Principal): Promise<SessionView> {
    const me = await this.sessions.staffOfAccount(viewer.accountId);
    const row = await this.sessions.listingOf(id, me?.id ?? null);
    if (!row) throw new NotFoundException(`No session ${id}`);
    const [view] = await this.views([row], viewer, me);
    return view;
  }

  /** Whether this person may take the session's attendance: its facilitators, trainers, hr, admins. */
  async mayTakeAttendance(id: number, viewer: Principal): Promise<boolean> {
    return (
      hasRole(viewer, 'trainer', 'hr', 'admin') || (await this.sessions.isFacilitator(id, viewer.accountId))
    );
  }

  /** The session's iCalendar file, for the people on its list, its facilitators, hr and admins. */
  async ics(id: number, viewer: Principal): Promise<string> {
    const view = await this.view(id, viewer);
    const allowed =
      view.myStatus !== null ||
      hasRole(viewer, 'hr', 'admin') ||
      (await this.sessions.isFacilitator(id, viewer.accountId));
    if (!allowed) throw new ForbiddenException('Only the people registered for this session can download it');
    return calendarIcs({ name: `${this.config.districtName} training`, stamp: new Date() }, [
      sessionCalendarItem(
        { ...view, facilitators: view.facilitators.map((f) => f.name) },
        this.config.publicUrl,
      ),
    ]);
  }

  private async views(
    rows: SessionListing[],
    viewer: Principal,
    me: StaffRef | undefined,
  ): Promise<SessionView[]> {
    const now = this.now();
    const facilitators = await this.sessions.facilitatorsOf(rows.map((r) => r.id));
    const out: SessionView[] = [];
    for (const row of rows) {
      const openToMe = Boolean(me && me.status === 'active' && !(await this.audience.refusal(row, me.id)));
      const leads = facilitators.get(row.id) ?? [];
      const facilitates = leads.some((f) => f.accountId === viewer.accountId);
      out.push({
        id: row.id,
        title: row.title,
        courseId: row.courseId,
        programId: row.programId,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        location: row.location,
        capacity: row.capacity,
        pdHours: hoursOfX100(row.pdHoursX100),
        status: row.status,
        seatsLeft: Math.max(0, row.capacity - row.registeredCount),
        waitlisted: row.waitlistedCount,
        myStatus: row.myStatus === 'cancelled' ? null : row.myStatus,
        waitlistPosition: row.myStatus === 'waitlisted' ? row.myWaitPosition : null,
        attended: row.attendedCount,
        open: openToMe && row.status === 'scheduled' && row.startsAt.getTime() > now.getTime(),
        forMe: openToMe,
        facilitators: leads.map((f) => ({ employeeId: f.employeeId, name: `${f.firstName} ${f.lastName}` })),
        canTakeAttendance: hasRole(viewer, 'trainer', 'hr', 'admin') || facilitates,
        facilitates,
      });
    }
    return out;
  }

  /** The fields to write: the request's, over the session's current ones for an edit; each checked. */
  private fieldsOf(dto: UpdateSessionDto, current: TrainingSession | undefined, now: Date): SessionFields {
    const problems: string[] = [];
    if (dto.programId && !this.catalog.load.programs.some((p) => p.id === dto.programId))
      problems.push(`programId: no program "${dto.programId}"`);
    if (dto.courseId && !this.catalog.load.courses.some((c) => c.id === dto.courseId))
      problems.push(`courseId: no course "${dto.courseId}" is loaded`);
    const startsAt = dto.startsAt !== undefined ? new Date(dto.startsAt) : current?.startsAt;
    const endsAt = dto.endsAt !== undefined ? new Date(dto.endsAt) : current?.endsAt;
    if (!startsAt || !endsAt) throw new FieldProblems([...problems, 'startsAt and endsAt are required']);
    const startsAtChanged = !current || startsAt.getTime() !== current.startsAt.getTime();
    problems.push(...timeProblems(startsAt, endsAt, now, startsAtChanged));
    if (problems.length) throw new FieldProblems(problems);
    const title = dto.title?.trim() ?? current?.title ?? '';
    const location = dto.location?.trim() ?? current?.location ?? '';
    if (!title) problems.push('title must not be empty');
    if (!location) problems.push('location must not be empty');
    if (problems.length) throw new FieldProblems(problems);
    return {
      title,
      courseId: dto.courseId !== undefined ? dto.courseId : (current?.courseId ?? null),
      programId: dto.programId !== undefined ? dto.programId : (current?.programId ?? null),
      startsAt,
      endsAt,
      location,
      capacity: dto.capacity ?? current?.capacity ?? 1,
      pdHoursX100: dto.pdHours !== undefined ? hoursX100(dto.pdHours) : (current?.pdHoursX100 ?? 0),
    };
  }

  /** The staff behind the employee ids, each active; a 400 naming every unknown one. */
  private async facilitatorsOf(employeeIds: string[]): Promise<StaffRef[]> {
    const found = await this.sessions.staffByEmployeeIds(employeeIds);
    const problems = [...new Set(employeeIds)].flatMap((id) => {
      const staff = found.get(id);
      if (!staff) return [`facilitatorEmployeeIds: no staff member "${id}"`];
      if (staff.status !== 'active') return [`facilitatorEmployeeIds: "${id}" is not active staff`];
      return [];
    });
    if (problems.length) throw new FieldProblems(problems);
    return [...new Set(employeeIds)].map((id) => found.get(id) as StaffRef);
  }

  private auditDetails(fields: SessionFields, facilitators: StaffRef[] | undefined) {
    return {
      title: fields.title,
      courseId: fields.courseId,
      startsAt: fields.startsAt.toISOString(),
      endsAt: fields.endsAt.toISOString(),
      location: fields.location,
      capacity: fields.capacity,
      pdHours: hoursOfX100(fields.pdHoursX100),
      ...(facilitators ? { facilitators: facilitators.map((f) => f.employeeId) } : {}),
    };
  }
}
