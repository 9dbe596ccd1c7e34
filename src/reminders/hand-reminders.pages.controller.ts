import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { backToList, picksOf } from '../web/overdue-picks.js';
import { HandRemindersService } from './hand-reminders.service.js';

/** The overdue lists a reminder is sent from: HR's and a site's. */
const LISTS = /^\/(hr\/overdue|site\/[^/?#]+)(\?|$)/;

/** An overdue list's "Send a reminder": HR's for anyone, a site's for its leaders (the service checks). */
@ApiExcludeController()
@Controller('reminders')
export class HandRemindersPagesController {
  constructor(private readonly handReminders: HandRemindersService) {}

  /** The people ticked (`pick`, as for the exemption) each get one reminder, then back to the list. */
  @Post()
  @SignedIn()
  async send(@Me() me: Principal, @Res() reply: FastifyReply, @Body() form: Record<string, unknown>) {
    const back = backToList(form, LISTS, '/hr/overdue');
    const picks = picksOf(form);
    if (picks.length === 0) return reply.redirect(back('error=none'), 303);
    const sent = await this.handReminders.send(picks, me);
    return reply.redirect(
      back(`done=reminded&queued=${sent.queued}&skipped=${sent.skipped}&finished=${sent.done}`),
      303,
    );
  }
}
