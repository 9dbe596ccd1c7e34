import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { momentNow } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { hasRole, type Principal } from '../identity/principal.js';
import { FieldProblems } from './session-errors.js';
import { placeFor, seatsToFill } from './session-rules.js';
import type { TrainingSession } from './training-session.entity.js';
import { SessionAudience } from './session-audience.js';
import { SessionMail } from './session-mail.js';
import type { StaffRef } from './session-rows.js';
import { TrainingSessionsRepository } from './training-sessions.repository.js';

export interface RegistrationResult {
  status: 'registered' | 'waitlisted';
  /** False when the person already had this place (registering twice changes nothing). */
  created: boolean;
  employeeId: string;
}

export interface CancellationResult {
  status: 'cancelled';
  employeeId: string;
  /** Who took the freed seat from the wait-list, if anyone. */
  promoted: string[];
}

/**
 * Places at sessions: a seat while any is left, else the wait-list, in the order people asked. Every
 * change reads the seats inside a transaction that holds the session's row (locked on PostgreSQL; on
 * SQLite writers take turns), so two people never get the last seat.
 *
 * Who may register: active staff, for a session on its own; for a course's session, staff holding an
 * assignment of that course (any edition, done or not, unless they were withdrawn from it).
 */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly database: Database,
    private readonly sessions: TrainingSessionsRepository,
    private readonly audience: SessionAudience,
    private readonly mail: SessionMail,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async register(sessionId: number, actor: Principal, employeeId?: string): Promise<RegistrationResult> {
    const person = await this.personFor(actor, employeeId);
    return this.database.transaction(async () => {
      const session = await this.openSession(sessionId, 'register for');
      const refusal = await this.audience.refusal(session, person.id);
      if (refusal) throw new ForbiddenException(`${refusal}, which is not for ${this.who(actor, person)}`);
      const held = await this.sessions.registrationOf(sessionId, person.id);
      if (held && held.status !== 'cancelled')
        return { status: held.status, created: false, employeeId: person.employeeId };
      const status = placeFor(await this.sessions.registeredCount(sessionId), session.capacity);
      await this.sessions.register(sessionId, person.id, status, new Date());
      if (person.accountId !== actor.accountId)
        await this.audit.record(actor, {
          action: 'session.register',
          target: `session ${sessionId}`,
          details: { employeeId: person.employeeId, status },
        });
      return { status, created: true, employeeId: person.employeeId };
    });
  }

  /** Gives up a place; a freed seat goes to the first on the wait-list. Idempotent. */
  async cancel(sessionId: number, actor: Principal, employeeId?: string): Promise<CancellationResult> {
    const person = await this.personFor(actor, employeeId, true);
    return this.database.transaction(async () => {
      await this.openSession(sessionId, 'cancel a place at');
      const held = await this.sessions.registrationOf(sessionId, person.id);
      if (!held || held.status === 'cancelled')
        return { status: 'cancelled', employeeId: person.employeeId, promoted: [] };
      await this.sessions.cancelRegistration(held.id, new Date());
      const promoted = held.status === 'registered' ? await this.fillSeats(sessionId) : [];
      if (person.accountId !== actor.accountId || promoted.length)
        await this.audit.record(person.accountId === actor.accountId ? null : actor, {
          action: 'session.unregister',
          target: `session ${sessionId}`,
          details: { employeeId: person.employeeId, was: held.status, promoted },
        });
      return { status: 'cancelled', employeeId: person.employeeId, promoted };
    });
  }

  /** Seats the first on the wait-list while seats are free; their employee ids. */
  private async fillSeats(sessionId: number): Promise<string[]> {
    const session = await this.sessions.lockedById(sessionId);
    if (!session) return [];
    const registered = await this.sessions.registeredCount(sessionId);
    const waiting = await this.sessions.seatFromWaitList(
      sessionId,
      seatsToFill(registered, session.capacity),
    );
    await this.mail.seatGiven(
      session,
      waiting.map((w) => w.staffId),
    );
    const ids = await this.sessions.employeeIdsOf(waiting.map((w) => w.staffId));
    return waiting.map((w) => ids.get(w.staffId) ?? String(w.staffId));
  }

  /** The session, locked for this transaction, if places may still change: not cancelled, not begun. */
  private async openSession(sessionId: number, what: string): Promise<TrainingSession> {
    const session = await this.sessions.lockedById(sessionId);
    if (!session) throw new NotFoundException(`No session ${sessionId}`);
    if (session.status === 'cancelled')
      throw new ConflictException(`This session is cancelled: nobody can ${what} it`);
    if (session.startsAt.getTime() <= momentNow(this.config).getTime())
      throw new ConflictException(`This session has already started: nobody can ${what} it now`);
    return session;
  }

  /** Whom the request is for: the caller, or (hr, admin) the staff member named. */
  private async personFor(
    actor: Principal,
    employeeId: string | undefined,
    leaving = false,
  ): Promise<StaffRef> {
    const me = await this.sessions.staffOfAccount(actor.accountId);
    if (employeeId === undefined || employeeId === me?.employeeId) {
      if (!me)
        throw new ForbiddenException('Only staff on the roster have places at sessions: give an employeeId');
      if (!leaving && me.status !== 'active')
        throw new ForbiddenException('Only active staff can register for sessions');
      return me;
    }
    if (!hasRole(actor, 'hr', 'admin'))
      throw new ForbiddenException('Only HR and admins can register someone else');
    const person = (await this.sessions.staffByEmployeeIds([employeeId])).get(employeeId);
    if (!person) throw new FieldProblems([`employeeId: no staff member "${employeeId}"`]);
    if (!leaving && person.status !== 'active')
      throw new FieldProblems([`employeeId: "${employeeId}" is not active staff`]);
    return person;
  }

  private who(actor: Principal, person: StaffRef): string {
    return person.accountId === actor.accountId ? 'you' : `employee ${person.employeeId}`;
  }
}
