import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { Database } from '../database/database.js';
import { hasRole, type Principal } from '../identity/principal.js';
import { SiteAccessService } from '../reports/site-access.service.js';
import type { OverduePick } from '../web/overdue-picks.js';
import { digestMail, learnerDigest, type PendingCourse } from './reminder-rules.js';
import { RemindersRepository } from './reminders.repository.js';
import { RemindersService } from './reminders.service.js';

/** Ticks one post may carry: a few pages of the overdue list (each tick binds three values). */
const MOST_PICKS = 1000;

export interface HandReminderResult {
  /** People mailed now. */
  queued: number;
  /** People already reminded by hand today: nothing sent to them. */
  skipped: number;
  /** People with nothing left to remind of (finished or exempted since the list was shown). */
  done: number;
}

/**
 * A reminder sent from an overdue list: the people ticked get the reminder digest's message for the
 * courses ticked, at most once a day each (recorded like the daily digests, as kind `hand`), audited.
 * HR and admins may remind anyone; a site leader only the people of the sites they lead.
 */
@Injectable()
export class HandRemindersService {
  constructor(
    private readonly database: Database,
    private readonly reminders: RemindersRepository,
    private readonly digests: RemindersService,
    private readonly access: SiteAccessService,
    private readonly catalog: CourseCatalog,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async send(picks: OverduePick[], actor: Principal): Promise<HandReminderResult> {
    // Without SMTP_URL the messages would only be held in the outbox: say so rather than seem to send.
    if (!this.config.mail.smtpUrl)
      throw new ConflictException(
        'Mail is not set up (SMTP_URL is unset), so Hearth cannot send reminders: nothing was sent',
      );
    if (picks.length > MOST_PICKS)
      throw new BadRequestException(`pick: at most ${MOST_PICKS} people at once (${picks.length} ticked)`);
    const rows = await this.reminders.picked(picks);
    const led = hasRole(actor, 'hr', 'admin')
      ? null
      : new Set((await this.access.sitesLedBy(actor.accountId)).map((site) => site.code));
    for (const pick of picks) {
      const row = rows.find(
        (r) => r.employeeId === pick.employeeId && r.courseId === pick.courseId && r.edition === pick.edition,
      );
      // Nothing tells a site leader whether someone elsewhere exists.
      if (led && !(row && led.has(row.siteCode)))
        throw new ForbiddenException('A site leader may remind only the people of the sites they lead');
      if (!row)
        throw new NotFoundException(`${pick.employeeId} is not assigned ${pick.courseId} ${pick.edition}`);
    }
    const day = todayIso(this.config);
    const people = new Map<number, { employeeId: string; courses: (PendingCourse & OverduePick)[] }>();
    for (const row of rows) {
      const person = people.get(row.staffId) ?? { employeeId: row.employeeId, courses: [] };
      people.set(row.staffId, person);
      if (!row.pending) continue;
      person.courses.push({
        ...row,
        title: this.catalog.find(row.courseId, row.edition, { drafts: true })?.title ?? row.courseId,
        href: `${this.config.publicUrl}/learn/${encodeURIComponent(row.courseId)}`,
      });
    }
    const toRemind = [...people.values()].filter((person) => person.courses.length > 0);
    const digests = toRemind.map((person) => ({
      ...learnerDigest(person.courses, day),
      employeeId: person.employeeId,
      editions: person.courses.map((c) => `${c.courseId} ${c.edition}`),
    }));
    return this.database.transaction(async () => {
      const queued = await this.digests.queue(
        day,
        'hand',
        digests,
        (digest) => digest.items.length,
        (digest) => digestMail(digest, day),
      );
      for (const digest of queued)
        await this.audit.record(actor, {
          action: 'reminder.send',
          target: `employee ${digest.employeeId}`,
          details: { courses: digest.editions, day },
        });
      return {
        queued: queued.length,
        skipped: digests.length - queued.length,
        done: people.size - toRemind.length,
      };
    });
  }
}
