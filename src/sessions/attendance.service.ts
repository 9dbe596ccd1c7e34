import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  Optional,
} from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { momentNow } from '../common/clock.js';
import { PartsDone } from '../common/parts-done.js';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { XapiOutbox } from '../xapi/xapi-outbox.js';
import type { Principal } from '../identity/principal.js';
import { FieldProblems, TooManyAttempts } from './session-errors.js';
import {
  CHECK_IN_ATTEMPTS,
  CHECK_IN_OPENS_EARLY_MS,
  checkInOpen,
  newCheckInCode,
  normalCode,
} from './session-rules.js';
import type { TrainingSession } from './training-session.entity.js';
import { SessionsService } from './sessions.service.js';
import type { SheetRow } from './session-rows.js';
import { TrainingSessionsRepository } from './training-sessions.repository.js';

/**
 * Who came: the facilitator's sheet (registered people and walk-ins, all or nothing), and self check-in
 * with the short code shown in the room during the session.
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly database: Database,
    private readonly sessions: TrainingSessionsRepository,
    private readonly schedule: SessionsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    @Optional() private readonly partsDone?: PartsDone,
    @Optional() private readonly xapi?: XapiOutbox,
  ) {}

  /** The session, for someone who may take its attendance (403 for anyone else). */
  async forTaker(sessionId: number, viewer: Principal): Promise<TrainingSession> {
    const session = await this.schedule.get(sessionId);
    if (!(await this.schedule.mayTakeAttendance(sessionId, viewer)))
      throw new ForbiddenException(
        'Only the session’s facilitators, trainers, HR and admins take attendance',
      );
    return session;
  }

  async sheet(sessionId: number, viewer: Principal, q?: string): Promise<SheetRow[]> {
    await this.forTaker(sessionId, viewer);
    return (await this.sessions.sheet(sessionId, q)).map((row) => ({
      ...row,
      attended: Boolean(row.attended),
    }));
  }

  /**
   * Records exactly these people as present. Each must be on the session's list or an active staff
   * member (a walk-in); one who is neither refuses the whole sheet, naming them.
   */
  async record(sessionId: number, viewer: Principal, employeeIds: string[]): Promise<{ attended: number }> {
    const session = await this.forTaker(sessionId, viewer);
    if (session.status === 'cancelled') throw new ConflictException('This session is cancelled');
    if (momentNow(this.config).getTime() < session.startsAt.getTime() - CHECK_IN_OPENS_EARLY_MS)
      throw new ConflictException('Attendance opens when the session begins');
    const ids = [...new Set(employeeIds.map((id) => id.trim()).filter(Boolean))];
    const staff = await this.sessions.staffByEmployeeIds(ids);
    const listed = new Set(
      (await this.sessions.sheet(sessionId)).filter((r) => r.registration).map((r) => r.id),
    );
    const problems = ids.flatMap((id) => {
      const person = staff.get(id);
      if (person && (listed.has(person.id) || person.status === 'active')) return [];
      return [`attended: "${id}" is neither registered for this session nor active staff`];
    });
    if (problems.length) throw new FieldProblems(problems);
    const present = ids.map((id) => staff.get(id)?.id as number);
    const recorded = await this.database.transaction(async () => {
      const before = new Set(await this.sessions.attendees(sessionId));
      const at = new Date();
      await this.sessions.replaceAttendance(sessionId, present, at);
      for (const staffId of present.filter((id) => !before.has(id)))
        await this.attended(session, staffId, at);
      await this.audit.record(viewer, {
        action: 'session.attendance',
        target: `session ${sessionId}`,
        details: {
          attended: ids,
          added: present.filter((id) => !before.has(id)).length,
          removed: [...before].filter((id) => !present.includes(id)).length,
        },
      });
      return { attended: present.length };
    });
    // A session attended is a part done (of a program it belongs to).
    await this.partsDone?.tell(present);
    return recorded;
  }

  /** A new code for the room (any earlier one stops working). */
  async newCode(sessionId: number, viewer: Principal): Promise<string> {
    const session = await this.forTaker(sessionId, viewer);
    if (session.status === 'cancelled') throw new ConflictException('This session is cancelled');
    const code = newCheckInCode();
    await this.database.transaction(async () => {
      await this.sessions.setCheckInCode(sessionId, code, new Date());
      await this.audit.record(viewer, { action: 'session.check_in_code', target: `session ${sessionId}` });
    });
    return code;
  }

  /**
   * A registered person marks themselves present with the room's code, while the session runs. After
   * CHECK_IN_ATTEMPTS wrong codes, only the facilitator's sheet can mark them.
   */
  async checkIn(sessionId: number, viewer: Principal, code: string): Promise<{ already: boolean }> {
    const session = await this.schedule.get(sessionId);
    const me = await this.sessions.staffOfAccount(viewer.accountId);
    const held = me ? await this.sessions.registrationOf(sessionId, me.id) : undefined;
    if (!me || held?.status !== 'registered')
      throw new ForbiddenException(
        'Only people registered for this session check in here: ask the facilitator',
      );
    if (session.status === 'cancelled') throw new ConflictException('This session is cancelled');
    if (!checkInOpen(session, momentNow(this.config)))
      throw new ConflictException(
        'Check-in is open only during the session (from 15 minutes before it starts)',
      );
    if (!session.checkInCode)
      throw new ConflictException('This session has no check-in code: ask the facilitator');
    if (!(await this.sessions.takeCheckInTry(held.id, CHECK_IN_ATTEMPTS)))
      throw new TooManyAttempts('Too many wrong codes: ask the facilitator to mark you present');
    if (normalCode(code) !== session.checkInCode) {
      const left = CHECK_IN_ATTEMPTS - held.checkInFailures - 1;
      throw new BadRequestException(
        left > 0
          ? `code: that is not this session’s check-in code. Check it and try again (${left} ${left === 1 ? 'try' : 'tries'} left).`
          : 'code: that is not this session’s check-in code, and that was the last try: ask the facilitator to mark you present.',
      );
    }
    await this.sessions.giveBackCheckInTry(held.id);
    const added = await this.database.transaction(async () => {
      const at = new Date();
      const marked = await this.sessions.markPresent(sessionId, me.id, 'check-in', at);
      if (marked) await this.attended(session, me.id, at);
      return marked;
    });
    if (added) await this.partsDone?.tell([me.id]);
    return { already: !added };
  }

  /** Reports a person newly marked present (xAPI), in the transaction that marks them. */
  private attended(session: TrainingSession, staffId: number, at: Date): Promise<void> {
    return (
      this.xapi?.record({ staffId, communityLearnerId: null }, [
        {
          event: { kind: 'session-attended', sessionId: session.id, title: session.title },
          subjectId: session.id,
          at,
        },
      ]) ?? Promise.resolve()
    );
  }
}
