import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { longDate, longMoment } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { Roles } from '../identity/access.decorators.js';
import { MAIL_STATUS_WORDS } from '../mail/mail-words.js';
import { hrefWith } from '../web/href.js';
import { checkPageForm } from '../web/page-form.js';
import { ViewService } from '../web/view.service.js';
import { RemindersQuery } from './dto/reminders-query.dto.js';
import { type RunSummary, RemindersRepository } from './reminders.repository.js';

const PAGE_SIZE = 100;
/** Runs listed: about a month of days. */
const RUNS_SHOWN = 31;

/** A run's state in words. */
function runState(run: RunSummary, now: Date): string {
  if (run.finishedAt) return `Finished ${longMoment(run.finishedAt)}`;
  return run.claimedUntil.getTime() > now.getTime()
    ? 'Under way'
    : 'Stopped before the end: the next run resumes it';
}

/** HR's view of the reminders: each day's run, and who was sent what that day. */
@ApiExcludeController()
@Controller('hr/reminders')
export class RemindersPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly reminders: RemindersRepository,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('hr', 'admin')
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const { form, errors } = await checkPageForm(RemindersQuery, raw, {
      day: 'The day',
      page: 'The page number',
    });
    const now = new Date();
    const runs = await this.reminders.runs(RUNS_SHOWN);
    const day = form.day ?? runs[0]?.day;
    const page = form.page ?? 1;
    const found = day
      ? await this.reminders.sentOn(day, PAGE_SIZE, (page - 1) * PAGE_SIZE)
      : { rows: [], total: 0 };
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    if (page > pages) errors.push(`There is no page ${page}: the list has ${pages}.`);
    return this.views.render(request, reply, 'hr-reminders', {
      title: 'Reminders',
      errors,
      enabled: this.config.reminders.enabled,
      // On the 24-hour clock the other times use (clockTime): 07:00.
      startsAt: `${String(this.config.reminders.hour).padStart(2, '0')}:00`,
      mailOff: !this.config.mail.smtpUrl,
      runs: runs.map((run) => ({
        ...run,
        dayText: longDate(run.day),
        state: runState(run, now),
        href: hrefWith('/hr/reminders', { day: run.day }),
        current: run.day === day,
      })),
      day: day ? { value: day, text: longDate(day) } : null,
      total: found.total,
      totalText: `${found.total} message${found.total === 1 ? '' : 's'}.`,
      rows: found.rows.map((row) => ({
        ...row,
        name: `${row.firstName} ${row.lastName}`,
        what:
          row.kind === 'site'
            ? `Site leader’s digest (${row.items} past due)`
            : `Reminder of ${row.items} course${row.items === 1 ? '' : 's'}${row.kind === 'hand' ? ', sent from an overdue list' : ''}`,
        statusWords: row.status ? MAIL_STATUS_WORDS[row.status] : 'Removed from the outbox',
      })),
      page,
      pages,
      previousHref: page > 1 ? hrefWith('/hr/reminders', { day, page: page - 1 }) : null,
      nextHref: page < pages ? hrefWith('/hr/reminders', { day, page: page + 1 }) : null,
    });
  }
}
