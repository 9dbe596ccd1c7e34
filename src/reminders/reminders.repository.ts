import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { join, raw, sql, type Sql } from '../database/sql.js';
import type { MailStatus } from '../mail/mail.repository.js';
import type { ReminderKind } from './reminder-sent.entity.js';

/** An edition the reminders cover: one in force on the run's day. */
export interface EditionKey {
  courseId: string;
  edition: string;
}

export interface RunState {
  owner: string;
  startedAt: Date;
  claimedUntil: Date;
  finishedAt: Date | null;
  learnerDigests: number;
  siteDigests: number;
}

/** One pending assignment of someone due a digest, as `pendingForDigests` reads it (one array). */
export type PendingRow = [
  staffId: number,
  email: string,
  firstName: string,
  courseId: string,
  edition: string,
  dueDate: string,
];

/** A completion whose follow-ups may come due on a day, as `completedWithin` reads it. */
export type CompletedRow = [
  staffId: number,
  email: string,
  firstName: string,
  courseId: string,
  edition: string,
  completedAt: Date,
];

/** An assignment ticked on an overdue list, with whom to mail and whether a reminder still fits it. */
export interface PickedRow {
  staffId: number;
  employeeId: string;
  siteCode: string;
  email: string;
  firstName: string;
  courseId: string;
  edition: string;
  dueDate: string;
  /** Still to do, by someone active: what a digest would list. */
  pending: number;
}

/** One day's run as HR's page shows it: its state, and the digests recorded so far. */
export interface RunSummary {
  day: string;
  startedAt: Date;
  finishedAt: Date | null;
  claimedUntil: Date;
  learnerDigests: number;
  siteDigests: number;
}

/** One digest of a day, with whom it went to and what became of its message. */
export interface DayDigest {
  employeeId: string;
  firstName: string;
  lastName: string;
  siteCode: string;
  siteName: string;
  kind: ReminderKind;
  items: number;
  status: MailStatus | null;
}

/** A digest a person was sent, for their page. */
export interface SentReminder {
  day: string;
  kind: ReminderKind;
  items: number;
  mailId: number | null;
  subject: string | null;
  status: MailStatus | null;
  sentAt: Date | null;
}

/**
 * Still to do: not completed, not exempt, not withdrawn (the compliance report's "pending"); a staff
 * member's (reminders are about staff compliance: a community learner's assignment is never one).
 */
const pending = (a: string): Sql =>
  sql`${raw(a)}.completed_at IS NULL AND ${raw(a)}.exempt_source IS NULL AND ${raw(a)}.withdrawn_on IS NULL
      AND ${raw(a)}.staff_id IS NOT NULL`;

const ofEditions = (a: string, editions: EditionKey[]): Sql =>
  sql`(${join(
    editions.map((e) => sql`(${raw(a)}.course_id = ${e.courseId} AND ${raw(a)}.edition = ${e.edition})`),
    ' OR ',
  )})`;

/**
 * The reminder queries. Who gets a digest on a day is one statement over `assignments` (by the due dates
 * the rules name), never a query per person; the run's claim is one row per day.
 */
@Injectable()
export class RemindersRepository {
  constructor(private readonly database: Database) {}

  /**
   * Takes the day's run for `owner` until `until`: a new day, or one whose run stopped without finishing
   * and whose claim has lapsed (it resumes). False when another run holds it or it is finished.
   */
  async claim(day: string, owner: string, now: Date, until: Date): Promise<boolean> {
    const created = await this.database.run(sql`
      INSERT INTO reminder_runs (day, owner, started_at, claimed_until, learner_digests, site_digests)
      VALUES (${day}, ${owner}, ${now}, ${until}, 0, 0)
      ON CONFLICT (day) DO NOTHING`);
    if (created === 1) return true;
    const taken = await this.database.run(sql`
      UPDATE reminder_runs SET owner = ${owner}, claimed_until = ${until}
      WHERE day = ${day} AND finished_at IS NULL AND claimed_until < ${now}`);
    return taken === 1;
  }

  /** Keeps the claim while the run works; false when it was lost (lapsed and taken over). */
  async renew(day: string, owner: string, until: Date): Promise<boolean> {
    const renewed = await this.database.run(sql`
      UPDATE reminder_runs SET claimed_until = ${until}
      WHERE day = ${day} AND owner = ${owner} AND finished_at IS NULL`);
    return renewed === 1;
  }

  /** The run stopped early in this process: the claim lapses now, so the next run resumes at once. */
  async release(day: string, owner: string, now: Date): Promise<void> {
    await this.database.run(sql`
      UPDATE reminder_runs SET claimed_until = ${now}
      WHERE day = ${day} AND owner = ${owner} AND finished_at IS NULL`);
  }

  async finish(day: string, owner: string, now: Date): Promise<void> {
    await this.database.run(sql`
      UPDATE reminder_runs SET finished_at = ${now}, claimed_until = ${now},
        learner_digests = (SELECT COUNT(*) FROM reminders_sent r WHERE r.day = ${day} AND r.kind = 'learner'),
        site_digests = (SELECT COUNT(*) FROM reminders_sent r WHERE r.day = ${day} AND r.kind = 'site')
      WHERE day = ${day} AND owner = ${owner}`);
  }

  run(day: string): Promise<RunState | undefined> {
    return this.database.row<RunState>(sql`
      SELECT owner, started_at, claimed_until, finished_at, learner_digests, site_digests
      FROM reminder_runs WHERE day = ${day}`);
  }

  /** The earliest due date of anything pending in these editions (how far back overdue reminders go). */
  async earliestPendingDue(editions: EditionKey[]): Promise<string | null> {
    if (editions.length === 0) return null;
    const row = await this.database.row<{ earliest: string | null }>(sql`
      SELECT MIN(a.due_date) AS earliest FROM assignments a
      WHERE ${pending('a')} AND ${ofEditions('a', editions)}`);
    return row?.earliest ?? null;
  }

  /**
   * Every pending assignment (of these editions) of each active person, hired by `day`, who has one
   * due on a trigger date and was not yet sent the day's digest: by person, soonest due first, read in
   * pages from one snapshot.
   */
  pendingForDigests(
    day: string,
    editions: EditionKey[],
    triggers: string[],
    size: number,
  ): AsyncGenerator<unknown[][]> {
    return this.database.pages(
      sql`SELECT a.staff_id, acc.email, s.first_name, a.course_id, a.edition, a.due_date
            FROM assignments a
           INNER JOIN staff s ON s.id = a.staff_id
           INNER JOIN accounts acc ON acc.id = s.account_id
           WHERE ${pending('a')} AND ${ofEditions('a', editions)}
             AND s.status = 'active' AND s.hire_date <= ${day}
             AND a.staff_id IN (SELECT t.staff_id FROM assignments t
                                 WHERE ${pending('t')} AND ${ofEditions('t', editions)}
                                   AND t.due_date IN (${join(triggers)}))
             AND NOT EXISTS (SELECT 1 FROM reminders_sent r
                              WHERE r.day = ${day} AND r.kind = 'learner' AND r.staff_id = a.staff_id)
           ORDER BY a.staff_id ASC, a.due_date ASC, a.id ASC`,
      size,
    );
  }

  /**
   * Completions of these editions, each within its window (a local day), by active people hired by `day`
   * who were not yet sent the day's digest: whose follow-ups may come due on the day.
   */
  completedWithin(
    day: string,
    windows: (EditionKey & { from: Date; until: Date })[],
  ): Promise<CompletedRow[]> {
    if (windows.length === 0) return Promise.resolve([]);
    const within = join(
      windows.map(
        (w) =>
          sql`(a.course_id = ${w.courseId} AND a.edition = ${w.edition} AND a.completed_at >= ${w.from} AND a.completed_at < ${w.until})`,
      ),
      ' OR ',
    );
    return this.database.arrays(
      sql`SELECT a.staff_id, acc.email, s.first_name, a.course_id, a.edition, a.completed_at
            FROM assignments a
           INNER JOIN staff s ON s.id = a.staff_id
           INNER JOIN accounts acc ON acc.id = s.account_id
           WHERE (${within}) AND s.status = 'active' AND s.hire_date <= ${day}
             AND NOT EXISTS (SELECT 1 FROM reminders_sent r
                              WHERE r.day = ${day} AND r.kind = 'learner' AND r.staff_id = a.staff_id)
           ORDER BY a.staff_id ASC, a.id ASC`,
    ) as Promise<CompletedRow[]>;
  }

  /** The assignments ticked on an overdue list (by employee id, course and edition), those that exist. */
  picked(picks: { employeeId: string; courseId: string; edition: string }[]): Promise<PickedRow[]> {
    if (picks.length === 0) return Promise.resolve([]);
    const chosen = join(
      picks.map(
        (p) =>
          sql`(s.employee_id = ${p.employeeId} AND a.course_id = ${p.courseId} AND a.edition = ${p.edition})`,
      ),
      ' OR ',
    );
    return this.database.rows<PickedRow>(sql`
      SELECT a.staff_id, s.employee_id, site.code AS site_code, acc.email, s.first_name,
             a.course_id, a.edition, a.due_date,
             CASE WHEN ${pending('a')} AND s.status = 'active' THEN 1 ELSE 0 END AS pending
        FROM assignments a
       INNER JOIN staff s ON s.id = a.staff_id
       INNER JOIN sites site ON site.id = s.site_id
       INNER JOIN accounts acc ON acc.id = s.account_id
       WHERE ${chosen}
       ORDER BY a.staff_id ASC, a.due_date ASC, a.id ASC`);
  }

  /**
   * Records the day's digests of `kind` for these people and answers the ones recorded now: someone
   * already recorded (a second run that got this far) is left out, so only one run mails them.
   */
  async record(
    day: string,
    kind: ReminderKind,
    people: { staffId: number; items: number }[],
    now: Date,
  ): Promise<Set<number>> {
    if (people.length === 0) return new Set();
    const recorded = await this.database.insertRows<{ staffId: number }>(
      'reminders_sent',
      ['day', 'kind', 'staff_id', 'items', 'created_at'],
      people.map((person) => [day, kind, person.staffId, person.items, now]),
      sql`ON CONFLICT (day, kind, staff_id) DO NOTHING RETURNING staff_id`,
    );
    return new Set(recorded.map((row) => row.staffId));
  }

  /** Which message carried each recorded digest. */
  async linkMail(day: string, kind: ReminderKind, mailIds: Map<number, number>): Promise<void> {
    if (mailIds.size === 0) return;
    const cases = join(
      [...mailIds].map(([staffId, mailId]) => sql`WHEN ${staffId} THEN CAST(${mailId} AS INTEGER)`),
      ' ',
    );
    await this.database.run(sql`
      UPDATE reminders_sent SET mail_id = CASE staff_id ${cases} END
      WHERE day = ${day} AND kind = ${kind} AND staff_id IN (${join([...mailIds.keys()])})`);
  }

  /** The latest runs, newest first, with the digests each has recorded (so far, for one under way). */
  runs(limit: number): Promise<RunSummary[]> {
    return this.database.rows<RunSummary>(sql`
      SELECT run.day, run.started_at, run.finished_at, run.claimed_until,
             (SELECT COUNT(*) FROM reminders_sent r WHERE r.day = run.day AND r.kind = 'learner') AS learner_digests,
             (SELECT COUNT(*) FROM reminders_sent r WHERE r.day = run.day AND r.kind = 'site') AS site_digests
        FROM reminder_runs run
       ORDER BY run.day DESC LIMIT ${limit}`);
  }

  /** A page of one day's digests, by site and name, and how many there are. */
  async sentOn(day: string, limit: number, offset: number): Promise<{ rows: DayDigest[]; total: number }> {
    const [rows, counted] = await Promise.all([
      this.database.rows<DayDigest>(sql`
        SELECT s.employee_id, s.first_name, s.last_name, site.code AS site_code, site.name AS site_name,
               r.kind, r.items, m.status
          FROM reminders_sent r
         INNER JOIN staff s ON s.id = r.staff_id
         INNER JOIN sites site ON site.id = s.site_id
          LEFT JOIN mail_messages m ON m.id = r.mail_id
         WHERE r.day = ${day}
         ORDER BY site.code ASC, s.last_name ASC, s.first_name ASC, r.kind ASC, r.id ASC
         LIMIT ${limit} OFFSET ${offset}`),
      this.database.row<{ n: number }>(sql`SELECT COUNT(*) AS n FROM reminders_sent WHERE day = ${day}`),
    ]);
    return { rows, total: counted?.n ?? 0 };
  }

  /** The digests one person was sent, newest first, with their messages' state. */
  sentTo(staffId: number, limit: number): Promise<SentReminder[]> {
    return this.database.rows<SentReminder>(sql`
      SELECT r.day, r.kind, r.items, r.mail_id, m.subject, m.status, m.sent_at
        FROM reminders_sent r LEFT JOIN mail_messages m ON m.id = r.mail_id
       WHERE r.staff_id = ${staffId}
       ORDER BY r.day DESC, r.kind ASC LIMIT ${limit}`);
  }
}
