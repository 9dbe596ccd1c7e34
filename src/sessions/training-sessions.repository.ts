import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { chunks } from '../database/rows.js';
import { empty, join, sql, type Sql } from '../database/sql.js';
import type { AttendanceSource } from './session-attendance.entity.js';
import type {
  AttendedSession,
  RegistrationRow,
  SessionFields,
  SessionListing,
  SheetRow,
  StaffRef,
} from './session-rows.js';
import type { RegistrationStatus } from './session-registration.entity.js';
import { waitListOrder } from './session-rules.js';
import type { TrainingSession } from './training-session.entity.js';

/** The columns of a session, for a query with it as `t`. */
const SESSION = sql`t.id, t.title, t.course_id, t.program_id, t.starts_at, t.ends_at, t.location, t.capacity,
  t.pd_hours_x100, t.status, t.check_in_code, t.created_at, t.updated_at`;

@Injectable()
export class TrainingSessionsRepository {
  constructor(private readonly database: Database) {}

  async create(fields: SessionFields, at: Date): Promise<number> {
    const row = await this.database.row<{ id: number }>(
      sql`INSERT INTO training_sessions (title, course_id, program_id, starts_at, ends_at, location, capacity,
            pd_hours_x100, status, check_in_code, created_at, updated_at)
          VALUES (${fields.title}, ${fields.courseId}, ${fields.programId}, ${fields.startsAt}, ${fields.endsAt},
            ${fields.location}, ${fields.capacity}, ${fields.pdHoursX100}, 'scheduled', NULL, ${at}, ${at})
          RETURNING id`,
    );
    if (!row) throw new Error('The session was not written');
    return row.id;
  }

  async update(id: number, fields: SessionFields, at: Date): Promise<void> {
    await this.database.run(
      sql`UPDATE training_sessions SET title = ${fields.title}, course_id = ${fields.courseId},
            program_id = ${fields.programId}, starts_at = ${fields.startsAt}, ends_at = ${fields.endsAt}, location = ${fields.location},
            capacity = ${fields.capacity}, pd_hours_x100 = ${fields.pdHoursX100}, updated_at = ${at}
           WHERE id = ${id}`,
    );
  }

  async setStatus(id: number, status: TrainingSession['status'], at: Date): Promise<void> {
    await this.database.run(
      sql`UPDATE training_sessions SET status = ${status}, updated_at = ${at} WHERE id = ${id}`,
    );
  }

  async setCheckInCode(id: number, code: string | null, at: Date): Promise<void> {
    await this.database.run(
      sql`UPDATE training_sessions SET check_in_code = ${code}, updated_at = ${at} WHERE id = ${id}`,
    );
  }

  byId(id: number): Promise<TrainingSession | undefined> {
    return this.session(id, empty);
  }

  /**
   * The same, for a transaction about to change its seats: on PostgreSQL the row stays locked until the
   * transaction ends, so registrations for one session take turns (SQLite's writer is alone anyway).
   */
  lockedById(id: number): Promise<TrainingSession | undefined> {
    return this.session(id, this.database.lockRows);
  }

  private session(id: number, lock: Sql): Promise<TrainingSession | undefined> {
    return this.database.row<TrainingSession>(
      sql`SELECT ${SESSION} FROM training_sessions t WHERE t.id = ${id} ${lock}`,
    );
  }

  /** Sessions starting in [from, to), soonest first, with seats and the viewer's own status. */
  inRange(from: Date, to: Date, viewerStaffId: number | null): Promise<SessionListing[]> {
    return this.listings(sql`t.starts_at >= ${from} AND t.starts_at < ${to}`, viewerStaffId);
  }

  /** One session, as `inRange` lists it. */
  async listingOf(id: number, viewerStaffId: number | null): Promise<SessionListing | undefined> {
    return (await this.listings(sql`t.id = ${id}`, viewerStaffId))[0];
  }

  private listings(where: Sql, viewerStaffId: number | null): Promise<SessionListing[]> {
    return this.database.rows<SessionListing>(
      sql`SELECT ${SESSION},
            (SELECT COUNT(*) FROM session_registrations r
              WHERE r.session_id = t.id AND r.status = 'registered') AS registered_count,
            (SELECT COUNT(*) FROM session_registrations r
              WHERE r.session_id = t.id AND r.status = 'waitlisted') AS waitlisted_count,
            (SELECT r.status FROM session_registrations r
              WHERE r.session_id = t.id AND r.staff_id = ${viewerStaffId ?? -1}) AS my_status,
            (SELECT COUNT(*) FROM session_registrations w JOIN session_registrations r
                ON r.session_id = w.session_id AND r.staff_id = ${viewerStaffId ?? -1} AND r.status = 'waitlisted'
              WHERE w.session_id = t.id AND w.status = 'waitlisted' AND w.id <= r.id) AS my_wait_position,
            (SELECT COUNT(*) FROM session_attendance a WHERE a.session_id = t.id) AS attended_count
          FROM training_sessions t
          WHERE ${where}
          ORDER BY t.starts_at, t.id`,
    );
  }

  /** Seats taken. */
  async registeredCount(sessionId: number): Promise<number> {
    const row = await this.database.row<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM session_registrations WHERE session_id = ${sessionId} AND status = 'registered'`,
    );
    return row?.n ?? 0;
  }

  registrationOf(sessionId: number, staffId: number): Promise<RegistrationRow | undefined> {
    return this.database.row<RegistrationRow>(
      sql`SELECT id, staff_id, status, registered_at, check_in_failures FROM session_registrations
           WHERE session_id = ${sessionId} AND staff_id = ${staffId}`,
    );
  }

  /**
   * A new place. A place given up and asked for again is a new row: the wait-list's order is the rows'
   * order (ids are handed out under the session's lock, and never tie or step back as a clock can).
   */
  async register(sessionId: number, staffId: number, status: RegistrationStatus, at: Date): Promise<void> {
    await this.database.run(
      sql`DELETE FROM session_registrations
           WHERE session_id = ${sessionId} AND staff_id = ${staffId} AND status = 'cancelled'`,
    );
    await this.database.run(
      sql`INSERT INTO session_registrations (session_id, staff_id, status, registered_at, cancelled_at,
            check_in_failures)
          VALUES (${sessionId}, ${staffId}, ${status}, ${at}, NULL, 0)`,
    );
  }

  async cancelRegistration(registrationId: number, at: Date): Promise<void> {
    await this.database.run(
      sql`UPDATE session_registrations SET status = 'cancelled', cancelled_at = ${at} WHERE id = ${registrationId}`,
    );
  }

  /** Every place at a session given up at once (the session is cancelled); whose they were. */
  async cancelAll(sessionId: number, at: Date): Promise<number[]> {
    const held = await this.database.rows<{ staffId: number }>(
      sql`SELECT staff_id FROM session_registrations WHERE session_id = ${sessionId} AND status <> 'cancelled'`,
    );
    await this.database.run(
      sql`UPDATE session_registrations SET status = 'cancelled', cancelled_at = ${at}
           WHERE session_id = ${sessionId} AND status <> 'cancelled'`,
    );
    return held.map((row) => row.staffId);
  }

  /** Where to write to these staff members: their first name and e-mail. */
  async contactsOf(staffIds: number[]): Promise<{ staffId: number; firstName: string; email: string }[]> {
    const found: { staffId: number; firstName: string; email: string }[] = [];
    for (const ids of chunks(staffIds))
      found.push(
        ...(await this.database.rows<{ staffId: number; firstName: string; email: string }>(
          sql`SELECT s.id AS staff_id, s.first_name, a.email FROM staff s JOIN accounts a ON a.id = s.account_id
               WHERE s.id IN (${join(ids)})`,
        )),
      );
    return found;
  }

  /** Everyone waiting for a seat (the order is `waitListOrder`'s to decide). */
  waiting(sessionId: number): Promise<{ id: number; staffId: number; status: RegistrationStatus }[]> {
    return this.database.rows(
      sql`SELECT id, staff_id, status FROM session_registrations
           WHERE session_id = ${sessionId} AND status = 'waitlisted'`,
    );
  }

  /** The first `seats` on the wait-list take a seat; who they are. */
  async seatFromWaitList(sessionId: number, seats: number): Promise<{ id: number; staffId: number }[]> {
    const first = waitListOrder(await this.waiting(sessionId)).slice(0, Math.max(0, seats));
    await this.promote(first.map((row) => row.id));
    return first;
  }

  private async promote(registrationIds: number[]): Promise<void> {
    for (const ids of chunks(registrationIds))
      await this.database.run(
        sql`UPDATE session_registrations SET status = 'registered' WHERE id IN (${join(ids)})`,
      );
  }

  /**
   * Takes one of a person's check-in tries, if they have one left: taken before the code is compared,
   * so even guesses sent at once never get more than `limit` tries between them.
   */
  async takeCheckInTry(registrationId: number, limit: number): Promise<boolean> {
    const changed = await this.database.run(
      sql`UPDATE session_registrations SET check_in_failures = check_in_failures + 1
           WHERE id = ${registrationId} AND check_in_failures < ${limit}`,
    );
    return changed > 0;
  }

  /** A try that found the right code is not a failure. */
  async giveBackCheckInTry(registrationId: number): Promise<void> {
    await this.database.run(
      sql`UPDATE session_registrations SET check_in_failures = check_in_failures - 1
           WHERE id = ${registrationId} AND check_in_failures > 0`,
    );
  }

  async replaceFacilitators(sessionId: number, staffIds: number[]): Promise<void> {
    await this.database.run(sql`DELETE FROM session_facilitators WHERE session_id = ${sessionId}`);
    if (staffIds.length)
      await this.database.insertRows(
        'session_facilitators',
        ['session_id', 'staff_id'],
        staffIds.map((staffId) => [sessionId, staffId]),
      );
  }

  /** The facilitators of these sessions, by session. */
  async facilitatorsOf(sessionIds: number[]): Promise<Map<number, StaffRef[]>> {
    const found = new Map<number, StaffRef[]>();
    for (const ids of chunks(sessionIds)) {
      const rows = await this.database.rows<StaffRef & { sessionId: number }>(
        sql`SELECT f.session_id, s.id, s.employee_id, s.first_name, s.last_name, s.account_id, s.status
              FROM session_facilitators f JOIN staff s ON s.id = f.staff_id
             WHERE f.session_id IN (${join(ids)}) ORDER BY s.last_name, s.first_name`,
      );
      for (const { sessionId, ...staff } of rows)
        found.set(sessionId, [...(found.get(sessionId) ?? []), staff]);
    }
    return found;
  }

  async isFacilitator(sessionId: number, accountId: number): Promise<boolean> {
    const row = await this.database.row(
      sql`SELECT 1 AS yes FROM session_facilitators f JOIN staff s ON s.id = f.staff_id
           WHERE f.session_id = ${sessionId} AND s.account_id = ${accountId}`,
    );
    return row !== undefined;
  }

  /** Staff by employee id (any status: the caller decides who may take part). */
  async staffByEmployeeIds(employeeIds: string[]): Promise<Map<string, StaffRef>> {
    const found = new Map<string, StaffRef>();
    for (const ids of chunks([...new Set(employeeIds)])) {
      const rows = await this.database.rows<StaffRef>(
        sql`SELECT id, employee_id, first_name, last_name, account_id, status FROM staff
             WHERE employee_id IN (${join(ids)})`,
      );
      for (const row of rows) found.set(row.employeeId, row);
    }
    return found;
  }

  /** Employee ids by staff id. */
  async employeeIdsOf(staffIds: number[]): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    for (const ids of chunks(staffIds)) {
      const rows = await this.database.rows<{ id: number; employeeId: string }>(
        sql`SELECT id, employee_id FROM staff WHERE id IN (${join(ids)})`,
      );
      for (const row of rows) found.set(row.id, row.employeeId);
    }
    return found;
  }

  staffOfAccount(accountId: number): Promise<StaffRef | undefined> {
    return this.database.row<StaffRef>(
      sql`SELECT id, employee_id, first_name, last_name, account_id, status FROM staff
           WHERE account_id = ${accountId}`,
    );
  }

  /**
   * Whether the person holds an assignment of the course (any edition, done or not) they were not
   * withdrawn from: who a course's sessions are for.
   */
  async isAssignedCourse(staffId: number, courseId: string): Promise<boolean> {
    const row = await this.database.row(
      sql`SELECT 1 AS yes FROM assignments
           WHERE staff_id = ${staffId} AND course_id = ${courseId}
             AND (withdrawn_on IS NULL OR completed_at IS NOT NULL)`,
    );
    return row !== undefined;
  }

  /**
   * The attendance sheet: everyone registered or on the wait-list, and everyone recorded as present,
   * by name; `q` narrows it to names or employee ids containing it.
   */
  sheet(sessionId: number, q?: string): Promise<SheetRow[]> {
    const like = q ? `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const filter = like
      ? sql`AND (LOWER(s.first_name || ' ' || s.last_name) LIKE ${like} ESCAPE '\\'
              OR LOWER(s.employee_id) LIKE ${like} ESCAPE '\\')`
      : empty;
    return this.database.rows<SheetRow>(
      sql`SELECT s.id, s.employee_id, s.first_name, s.last_name, s.account_id, s.status,
                 r.status AS registration, (a.id IS NOT NULL) AS attended
            FROM staff s
            LEFT JOIN session_registrations r ON r.staff_id = s.id AND r.session_id = ${sessionId}
            LEFT JOIN session_attendance a ON a.staff_id = s.id AND a.session_id = ${sessionId}
           WHERE ((r.id IS NOT NULL AND r.status <> 'cancelled') OR a.id IS NOT NULL) ${filter}
           ORDER BY s.last_name, s.first_name, s.employee_id`,
    );
  }

  /** Who is recorded as present. */
  async attendees(sessionId: number): Promise<number[]> {
    const rows = await this.database.rows<{ staffId: number }>(
      sql`SELECT staff_id FROM session_attendance WHERE session_id = ${sessionId}`,
    );
    return rows.map((row) => row.staffId);
  }

  /** Present: exactly these people (a facilitator's sheet replaces the list). */
  async replaceAttendance(sessionId: number, staffIds: number[], at: Date): Promise<void> {
    const keep = new Set(staffIds);
    const before = new Set(await this.attendees(sessionId));
    const gone = [...before].filter((id) => !keep.has(id));
    for (const ids of chunks(gone))
      await this.database.run(
        sql`DELETE FROM session_attendance WHERE session_id = ${sessionId} AND staff_id IN (${join(ids)})`,
      );
    const added = staffIds.filter((id) => !before.has(id));
    if (added.length)
      await this.database.insertRows(
        'session_attendance',
        ['session_id', 'staff_id', 'source', 'recorded_at'],
        added.map((staffId) => [sessionId, staffId, 'sheet' satisfies AttendanceSource, at]),
      );
  }

  /** One person present, by their own check-in; false when they already were. */
  async markPresent(
    sessionId: number,
    staffId: number,
    source: AttendanceSource,
    at: Date,
  ): Promise<boolean> {
    const changed = await this.database.run(
      sql`INSERT INTO session_attendance (session_id, staff_id, source, recorded_at)
          VALUES (${sessionId}, ${staffId}, ${source}, ${at})
          ON CONFLICT (session_id, staff_id) DO NOTHING`,
    );
    return changed > 0;
  }

  /** The scheduled sessions an account holds a seat at, starting from `since`: for its calendar feed. */
  seatsOf(accountId: number, since: Date): Promise<TrainingSession[]> {
    return this.database.rows<TrainingSession>(
      sql`SELECT ${SESSION} FROM training_sessions t
            JOIN session_registrations r ON r.session_id = t.id AND r.status = 'registered'
            JOIN staff s ON s.id = r.staff_id
           WHERE s.account_id = ${accountId} AND t.status = 'scheduled' AND t.starts_at >= ${since}
           ORDER BY t.starts_at, t.id`,
    );
  }

  /**
   * The sessions one staff member attended (not cancelled ones), oldest first: for the transcript,
   * where their hours count as PD hours.
   */
  attendedBy(staffId: number): Promise<AttendedSession[]> {
    return this.database.rows<AttendedSession>(
      sql`SELECT t.id AS session_id, t.title, t.course_id, t.starts_at, t.ends_at, t.pd_hours_x100
            FROM session_attendance a JOIN training_sessions t ON t.id = a.session_id
           WHERE a.staff_id = ${staffId} AND t.status = 'scheduled'
           ORDER BY t.starts_at, t.id`,
    );
  }
}
