import { Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { longMoment } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { Roles } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { hrefWith } from '../web/href.js';
import { checkPageForm } from '../web/page-form.js';
import { ViewService } from '../web/view.service.js';
import { OutboxQueryDto } from './dto/outbox-query.dto.js';
import { MAIL_STATUSES } from './mail.repository.js';
import { MAIL_KIND_WORDS, MAIL_STATUS_WORDS } from './mail-words.js';
import { MAIL_KINDS, type MailKind } from './mail-templates.js';
import { OutboxService } from './outbox.service.js';
import { XapiRepository } from '../xapi/xapi.repository.js';

const PAGE_SIZE = 100;

/** The admin's view of the outbox: what was sent, what waits, what failed (and a retry for it). */
@ApiExcludeController()
@Controller('admin/outbox')
export class OutboxPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly statements: XapiRepository,
  ) {}

  @Get()
  @Roles('admin')
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const { form, errors } = await checkPageForm(OutboxQueryDto, raw, {
      status: 'The status',
      kind: 'The kind',
      offset: 'The place in the list',
    });
    const offset = form.offset ?? 0;
    // One more than a page: whether there is a next one.
    const rows = await this.outbox.list(form, offset, PAGE_SIZE + 1);
    const link = (at: number) =>
      hrefWith('/admin/outbox', { status: form.status, kind: form.kind, offset: at });
    const xapi = this.config.xapi ? await this.statements.counts() : null;
    const done =
      raw.done === 'retried' && typeof raw.id === 'string' ? `Message ${raw.id} will be sent again.` : null;
    return this.views.render(request, reply, 'admin-outbox', {
      title: 'Mail outbox',
      errors,
      notice: done,
      mailOff: !this.config.mail.smtpUrl,
      statuses: MAIL_STATUSES.map((value) => ({
        value,
        label: MAIL_STATUS_WORDS[value],
        selected: value === form.status,
      })),
      kinds: MAIL_KINDS.map((value) => ({
        value,
        label: MAIL_KIND_WORDS[value],
        selected: value === form.kind,
      })),
      messages: rows.slice(0, PAGE_SIZE).map((row) => ({
        ...row,
        kindWords: MAIL_KIND_WORDS[row.kind as MailKind] ?? row.kind,
        statusWords: MAIL_STATUS_WORDS[row.status],
        createdText: longMoment(row.createdAt),
        sentText: row.sentAt ? longMoment(row.sentAt) : null,
        canRetry: row.status === 'failed',
      })),
      // The other outbox: statements for the learning record store, as counts (their content is a
      // person's record, and the store is where it is read).
      xapi: xapi && {
        endpoint: this.config.xapi?.endpoint,
        waiting: xapi.pending ?? 0,
        sent: xapi.sent ?? 0,
        failed: xapi.failed ?? 0,
      },
      previousHref: offset > 0 ? link(Math.max(0, offset - PAGE_SIZE)) : null,
      nextHref: rows.length > PAGE_SIZE ? link(offset + PAGE_SIZE) : null,
    });
  }

  @Post(':id/retry')
  @Roles('admin')
  async retry(@Me() me: Principal, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    await this.outbox.retry(id, { accountId: me.accountId, email: me.email });
    return reply.redirect(`/admin/outbox?done=retried&id=${id}`, 303);
  }
}
