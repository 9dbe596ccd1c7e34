import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { longDate, startOfLocalDay } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { Database } from '../database/database.js';
import { addDays, editionsInForce } from '../learning/assignment-rules.js';
import { completedOnFor, followUpDueOn } from '../learning/follow-up-rules.js';
import { rulesOf } from '../learning/assignments.service.js';
import { MailOutbox, type Outgoing } from '../mail/mail-outbox.js';
import { MailRepository } from '../mail/mail.repository.js';
import { percentText } from '../reports/percent-text.js';
import { ReportsRepository, type ReportScope, type StatusCounts } from '../reports/reports.repository.js';
import { type SiteLeader, SiteLeadersRepository } from '../reports/site-leaders.repository.js';
import {
  digestMail,
  isSiteDigestDay,
  type LearnerDigest,
  learnerDigest,
  type PendingCourse,
  type ReadyFollowUp,
  triggerDueDates,
} from './reminder-rules.js';
import type { ReminderKind } from './reminder-sent.entity.js';
import { type EditionKey, type PendingRow, RemindersRepository } from './reminders.repository.js';

/** How long a run's claim lasts without renewal (it renews after every batch). */
export const CLAIM_MS = 120_000;
/** People per transaction: their digests and the record of them commit together. */
const BATCH = 500;
/** Past-due people named in a site leader's digest; the rest are on the site page. */
const SITE_DIGEST_NAMES = 25;

export type RunOutcome = 'done' | 'already-done' | 'in-progress' | 'off';

export interface RunResult {
  day: string;
  outcome: RunOutcome;
  /** Digests this run queued (not the ones an earlier, interrupted run queued for the same day). */
  learnerDigests: number;
  siteDigests: number;
  /** When the day's run finished (already-done), or until when another run holds it (in-progress). */
  at?: Date;
}

export interface RunOptions {
  /** Called after each batch with the digests queued so far. */
  onProgress?: (queued: number) => void;
  /** The clock for claims (tests move it past a lapsed claim). */
  now?: () => Date;
  /** People per transaction (tests make it small to stop a run between batches). */
  batchSize?: number;
  /** Called after each batch's commit (a test's way to stop a run half-way). */
  afterBatch?: (batch: number) => void;
}

/** The run lost its claim to another (it lapsed while this one stalled): it stops, the other goes on. */
class ClaimLost extends Error {}

/**
 * The day's reminders: a digest for each learner with something due in 14, 7 or 1 days or past due
 * (weekly), and on Mondays one for each site leader. A run is claimed in the database for its day, and
 * each digest is recorded with its message in one transaction, so a second run sends nothing and a run
 * that stopped half-way resumes where it stopped.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly database: Database,
    private readonly reminders: RemindersRepository,
    private readonly reports: ReportsRepository,
    private readonly leaders: SiteLeadersRepository,
    private readonly outbox: MailOutbox,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
  ) {}

  async run(day: string, options: RunOptions = {}): Promise<RunResult> {
    const result: RunResult = { day, outcome: 'done', learnerDigests: 0, siteDigests: 0 };
    if (!this.config.reminders.enabled) return { ...result, outcome: 'off' };
    const now = options.now ?? (() => new Date());
    const owner = randomUUID();
    const claimUntil = () => new Date(now().getTime() + CLAIM_MS);
    if (!(await this.reminders.claim(day, owner, now(), claimUntil()))) {
      const state = await this.reminders.run(day);
      return state?.finishedAt
        ? { ...result, outcome: 'already-done', at: state.finishedAt }
        : { ...result, outcome: 'in-progress', at: state?.claimedUntil };
    }
    let batches = 0;
    /** One transaction: the claim renewed (or the run stops), the digests recorded and queued. */
    const commit = async (kind: ReminderKind, work: () => Promise<number>) => {
      const queued = await this.database.transaction(async () => {
        if (!(await this.reminders.renew(day, owner, claimUntil()))) throw new ClaimLost();
        return work();
      });
      if (kind === 'learner') result.learnerDigests += queued;
      else result.siteDigests += queued;
      options.onProgress?.(result.learnerDigests + result.siteDigests);
      options.afterBatch?.(++batches);
    };
    try {
      const editions = this.inForce(day);
      await this.learnerDigests(day, editions, options.batchSize ?? BATCH, (digests) =>
        commit('learner', () => this.queueLearnerDigests(day, digests)),
      );
      if (isSiteDigestDay(day) && editions.length)
        await this.siteDigests(day, editions, options.batchSize ?? BATCH, (digests) =>
          commit('site', () => this.queueSiteDigests(day, digests)),
        );
      await this.reminders.finish(day, owner, now());
    } catch (error) {
      if (error instanceof ClaimLost) {
        this.logger.warn(`The ${day} run lost its claim to another run, which goes on from here`);
        return { ...result, outcome: 'in-progress' };
      }
      await this.reminders.release(day, owner, now()).catch(() => undefined);
      throw error;
    }
    return result;
  }

  /** The editions in force on the day, with their titles (the ones HR's report covers by default). */
  private inForce(day: string): (EditionKey & { title: string })[] {
    const published = this.catalog.published();
    const keys = new Set(
      editionsInForce(published.map(rulesOf), day).map((e) => `${e.courseId}@${e.edition}`),
    );
    return published
      .filter((course) => keys.has(`${course.id}@${course.edition}`))
      .map((course) => ({ courseId: course.id, edition: course.edition, title: course.title }));
  }

  /**
   * The day's learner digests, `size` people at a time: one read of who has a course due a reminder,
   * with the follow-ups that come due that day beside it, then those with follow-ups alone.
   */
  private async learnerDigests(
    day: string,
    editions: (EditionKey & { title: string })[],
    size: number,
    flush: (digests: LearnerDigest[]) => Promise<void>,
  ): Promise<void> {
    const followUps = await this.readyFollowUps(day);
    let batch: LearnerDigest[] = [];
    const add = async (digest: LearnerDigest) => {
      batch.push(digest);
      if (batch.length >= size) {
        await flush(batch);
        batch = [];
      }
    };
    const earliest = await this.reminders.earliestPendingDue(editions);
    if (earliest) {
      const titles = new Map(editions.map((e) => [`${e.courseId}@${e.edition}`, e.title]));
      const pages = this.reminders.pendingForDigests(day, editions, triggerDueDates(day, earliest), 5000);
      let person: PendingCourse[] = [];
      const close = async () => {
        if (!person.length) return;
        const staffId = person[0].staffId;
        await add(learnerDigest(person, day, followUps.get(staffId)));
        followUps.delete(staffId);
        person = [];
      };
      for await (const page of pages) {
        for (const values of page) {
          const [staffId, email, firstName, courseId, edition, dueDate] = values as PendingRow;
          if (person.length && person[0].staffId !== staffId) await close();
          person.push({
            staffId,
            email,
            firstName,
            dueDate,
            title: titles.get(`${courseId}@${edition}`) ?? courseId,
            href: `${this.config.publicUrl}/learn/${encodeURIComponent(courseId)}`,
          });
        }
      }
      await close();
    }
    for (const ready of followUps.values()) await add(learnerDigest([], day, ready));
    if (batch.length) await flush(batch);
  }

  /** By person: the follow-ups of every published edition that come due on `day` (see follow-up-rules). */
  private async readyFollowUps(day: string): Promise<Map<number, ReadyFollowUp[]>> {
    const courses = this.catalog.published().filter((course) => course.followUps.length > 0);
    const windows = new Map<string, EditionKey & { from: Date; until: Date }>();
    for (const course of courses)
      for (const followUp of course.followUps) {
        const on = completedOnFor(day, followUp.days);
        windows.set(`${course.id}@${course.edition}@${on}`, {
          courseId: course.id,
          edition: course.edition,
          from: startOfLocalDay(on),
          until: startOfLocalDay(addDays(on, 1)),
        });
      }
    const ready = new Map<number, ReadyFollowUp[]>();
    for (const [
      staffId,
      email,
      firstName,
      courseId,
      edition,
      completedAt,
    ] of await this.reminders.completedWithin(day, [...windows.values()])) {
      const course = courses.find((c) => c.id === courseId && c.edition === edition);
      for (const followUp of course?.followUps ?? []) {
        if (followUpDueOn(completedAt, followUp.days) !== day) continue;
        const path = `/learn/${encodeURIComponent(courseId)}/followups/${followUp.id}`;
        const item = {
          staffId,
          email,
          firstName,
          title: followUp.title,
          courseTitle: course?.title ?? courseId,
        };
        ready.set(staffId, [
          ...(ready.get(staffId) ?? []),
          { ...item, href: `${this.config.publicUrl}${path}` },
        ]);
      }
    }
    return ready;
  }

  /**
   * Records the day's digests of one kind and queues a message for each one recorded now (not for those
   * another run, or an earlier click, recorded first); each replaces the person's earlier digest of that
   * kind still unsent. The digests recorded now.
   */
  async queue<T extends { staffId: number }>(
    day: string,
    kind: ReminderKind,
    digests: T[],
    items: (digest: T) => number,
    message: (digest: T) => Omit<Outgoing, 'replaces'>,
  ): Promise<T[]> {
    const people = digests.map((digest) => ({ staffId: digest.staffId, items: items(digest) }));
    const recorded = await this.reminders.record(day, kind, people, new Date());
    const queued = digests.filter((digest) => recorded.has(digest.staffId));
    const ids = await this.outbox.enqueueAll(
      queued.map((digest) => {
        const outgoing = message(digest);
        return { ...outgoing, replaces: [outgoing.kind] };
      }),
    );
    await this.reminders.linkMail(day, kind, new Map(queued.map((digest, i) => [digest.staffId, ids[i]])));
    return queued;
  }

  private async queueLearnerDigests(day: string, digests: LearnerDigest[]): Promise<number> {
    const queued = await this.queue(
      day,
      'learner',
      digests,
      (digest) => digest.items.length + digest.followUps.length,
      (digest) => digestMail(digest, day),
    );
    return queued.length;
  }

  /** Each site leader's weekly digest: HR's numbers for their site as of the day, and who is past due. */
  private async siteDigests(
    day: string,
    editions: EditionKey[],
    size: number,
    flush: (digests: SiteDigest[]) => Promise<void>,
  ): Promise<void> {
    const leaders = await this.leaders.leadersOfSites();
    if (leaders.length === 0) return;
    const scope: ReportScope = { editions, asOf: day };
    const counts = new Map(
      (await this.reports.countByStatusPerGroup(scope, 'site')).map((group) => [group.key, group]),
    );
    const titles = new Map(this.catalog.published().map((e) => [`${e.id}@${e.edition}`, e.title]));
    const overdue = new Map<string, { names: SiteDigest['people']; total: number }>();
    for await (const rows of this.reports.complianceRows({ ...scope, status: 'overdue' })) {
      for (const row of rows) {
        const site = overdue.get(row.siteCode) ?? { names: [], total: 0 };
        site.total += 1;
        if (site.names.length < SITE_DIGEST_NAMES)
          site.names.push({
            name: `${row.firstName} ${row.lastName}`,
            role: this.config.roleLabel(row.jobRole),
            courseTitle: titles.get(`${row.courseId}@${row.edition}`) ?? row.courseId,
            dueText: longDate(row.dueDate),
          });
        overdue.set(row.siteCode, site);
      }
    }
    let batch: SiteDigest[] = [];
    for (const leader of leaders) {
      const site = counts.get(leader.siteCode);
      // A site with nothing required of anyone has nothing to report.
      if (!site || site.assigned === site.exempt) continue;
      const late = overdue.get(leader.siteCode) ?? { names: [], total: 0 };
      batch.push({ ...leader, counts: site, people: late.names, more: late.total - late.names.length });
      if (batch.length >= size) {
        await flush(batch);
        batch = [];
      }
    }
    if (batch.length) await flush(batch);
  }

  private async queueSiteDigests(day: string, digests: SiteDigest[]): Promise<number> {
    const queued = await this.queue(
      day,
      'site',
      digests,
      (digest) => digest.counts.overdue,
      ({ counts, ...digest }) => ({
        kind: 'site-digest',
        to: digest.email,
        data: {
          firstName: digest.firstName,
          siteName: digest.siteName,
          siteCode: digest.siteCode,
          asOfText: longDate(day),
          rateText: percentText(counts) ?? '—',
          completed: counts.completed,
          due: counts.assigned - counts.exempt,
          overdue: counts.overdue,
          inProgress: counts.inProgress,
          notStarted: counts.notStarted,
          exempt: counts.exempt,
          people: digest.people,
          more: digest.more,
          siteHref: `${this.config.publicUrl}/site/${encodeURIComponent(digest.siteCode)}`,
        },
      }),
    );
    return queued.length;
  }
}

interface SiteDigest extends SiteLeader {
  counts: StatusCounts;
  people: { name: string; role: string; courseTitle: string; dueText: string }[];
  more: number;
}

/** The service wired by hand, outside the server (the command, tests, the bench): commands start fast. */
export function standaloneReminders(
  database: Database,
  catalog: CourseCatalog,
  config: AppConfig,
): RemindersService {
  return new RemindersService(
    database,
    new RemindersRepository(database),
    new ReportsRepository(database),
    new SiteLeadersRepository(database),
    new MailOutbox(new MailRepository(database), config),
    catalog,
    config,
  );
}
