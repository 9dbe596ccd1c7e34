import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { longMoment } from '../common/clock.js';
import { Roles } from '../identity/access.decorators.js';
import { hrefWith } from '../web/href.js';
import { checkPageForm } from '../web/page-form.js';
import { ViewService } from '../web/view.service.js';
import { AuditService } from './audit.service.js';
import { AuditQueryDto, auditFilters } from './dto/audit-query.dto.js';

const PAGE_SIZE = 50;

/** The admin's audit log: who did what, when, filtered and paged with GET forms and links. */
@ApiExcludeController()
@Controller('admin/audit')
export class AuditPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Roles('admin')
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const { form, errors } = await checkPageForm(AuditQueryDto, raw, {
      actor: 'Who',
      action: 'The action',
      from: 'The first day',
      to: 'The last day',
      offset: 'The place in the log',
      limit: 'The number of entries',
    });
    if (form.from && form.to && form.from > form.to) {
      errors.push('The first day is after the last day: nothing can match.');
    }
    const offset = form.offset ?? 0;
    // One more than a page: whether there is an older one.
    const [entries, actions] = await Promise.all([
      this.audit.find({ ...auditFilters(form), offset, limit: PAGE_SIZE + 1 }),
      this.audit.actions(),
    ]);
    const link = (at: number) =>
      hrefWith('/admin/audit', {
        actor: form.actor,
        action: form.action,
        from: form.from,
        to: form.to,
        offset: at > 0 ? at : undefined,
      });
    const filtered = Boolean(form.actor || form.action || form.from || form.to);
    return this.views.render(request, reply, 'admin-audit', {
      title: 'Audit log',
      errors,
      filtered,
      filters: {
        actor: form.actor ?? (typeof raw.actor === 'string' ? raw.actor.slice(0, 320) : ''),
        from: form.from,
        to: form.to,
        actions: actions.map((value) => ({ value, selected: value === form.action })),
      },
      entries: entries.slice(0, PAGE_SIZE).map((entry) => ({
        at: entry.at.toISOString(),
        atText: longMoment(entry.at),
        actor: entry.actorEmail,
        action: entry.action,
        target: entry.target,
        details: detailsOf(entry.details),
      })),
      from: offset + 1,
      to: offset + Math.min(entries.length, PAGE_SIZE),
      newerHref: offset > 0 ? link(Math.max(0, offset - PAGE_SIZE)) : null,
      olderHref: entries.length > PAGE_SIZE ? link(offset + PAGE_SIZE) : null,
    });
  }
}

/** An entry's details (JSON) as name and value pairs to read; a value that is not text, as JSON. */
function detailsOf(details: string | null): { name: string; value: string }[] {
  if (!details) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return [{ name: 'details', value: details }];
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return [{ name: 'details', value: JSON.stringify(parsed) }];
  return Object.entries(parsed as Record<string, unknown>).map(([name, value]) => ({
    name,
    value: typeof value === 'string' ? value : JSON.stringify(value),
  }));
}
