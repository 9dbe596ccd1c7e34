import { Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../identity/access.decorators.js';
import { hrefWith } from '../web/href.js';
import { MultipartForm } from '../web/multipart-form.js';
import { ViewService } from '../web/view.service.js';
import { REQUIRED_COLUMNS, OPTIONAL_COLUMNS, decodeRoster } from './roster-csv.js';
import type { ImportChanges } from './roster-changes.js';
import { RosterReviewService } from './roster-review.service.js';
import { Me, type Principal } from '../identity/principal.js';
import { StaffService } from './staff.service.js';

/** How many people one page of the review lists. */
export const REVIEW_PAGE = 50;

/** The review's lists, in the order the counts name them. */
const LISTS = [
  { key: 'created', label: 'New staff' },
  { key: 'updated', label: 'Updated' },
  { key: 'deactivated', label: 'Marked inactive' },
] as const;
type ListKey = (typeof LISTS)[number]['key'];

/** The rows of one list, as the review's table shows them. */
function listRows(changes: ImportChanges, key: ListKey) {
  switch (key) {
    case 'created':
      return changes.created.map((c) => ({ ...c, name: `${c.firstName} ${c.lastName}` }));
    case 'updated':
      return changes.updated.map((c) => ({ ...c, name: `${c.firstName} ${c.lastName}` }));
    case 'deactivated':
      return changes.deactivated.map((c) => ({ ...c, name: `${c.firstName} ${c.lastName}` }));
  }
}

/** The HR "Import roster" page: upload, see the dry run (every line error), then confirm. */
@ApiExcludeController()
@Controller('hr/import')
export class ImportPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly review: RosterReviewService,
    private readonly staff: StaffService,
  ) {}

  @Get()
  @Roles('hr', 'admin')
  form(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.views.render(request, reply, 'import', {
      title: 'Import roster',
      required: REQUIRED_COLUMNS,
      optional: OPTIONAL_COLUMNS,
    });
  }

  @Post()
  @Roles('hr', 'admin')
  async upload(@Me() me: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const form = new MultipartForm(request);
    const sync = form.field('sync') === 'on';
    const file = await form.file('file');
    const bytes = file?.bytes;
    const filename = file?.filename ?? '';
    const base = { title: 'Import roster', required: REQUIRED_COLUMNS, optional: OPTIONAL_COLUMNS, sync };
    if (!bytes || bytes.length === 0) {
      return this.views.render(
        request,
        reply,
        'import',
        { ...base, formError: 'Choose a CSV file to upload.' },
        400,
      );
    }
    const decoded = decodeRoster(bytes);
    const { result, uploadId } =
      'error' in decoded
        ? { result: { ok: false as const, errors: [decoded.error], warnings: [] }, uploadId: undefined }
        : await this.review.review(decoded.text, { filename, sync }, me);
    if (!result.ok || uploadId === undefined) {
      const errors = result.ok ? [] : result.errors;
      return this.views.render(
        request,
        reply,
        'import-review',
        { ...base, title: 'Import roster: problems found', filename, errors, warnings: result.warnings },
        422,
      );
    }
    // Post, redirect, get: the review's pages read the kept file (roster_uploads), never a new upload.
    return reply.redirect(`/hr/import/${uploadId}`, 303);
  }

  /**
   * The dry run of a kept upload: the counts, and who will be created, updated (which fields) and
   * marked inactive, one list at a time, REVIEW_PAGE people a page.
   */
  @Get(':id')
  @Roles('hr', 'admin')
  async reviewPage(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Query() query: Record<string, unknown>,
  ) {
    const { upload, result } = await this.review.again(id, me);
    const base = {
      required: REQUIRED_COLUMNS,
      optional: OPTIONAL_COLUMNS,
      sync: upload.sync,
      filename: upload.filename,
    };
    if (!result.ok) {
      // The roster changed since the upload in a way that makes the file wrong now.
      return this.views.render(
        request,
        reply,
        'import-review',
        { ...base, title: 'Import roster: problems found', errors: result.errors, warnings: result.warnings },
        422,
      );
    }
    const { counts, changes } = result;
    const asked = LISTS.find((list) => list.key === query.list);
    const list = asked ?? LISTS.find((l) => changes[l.key].length > 0) ?? LISTS[0];
    const rows = listRows(changes, list.key);
    const pages = Math.max(1, Math.ceil(rows.length / REVIEW_PAGE));
    const wanted = Number(query.page);
    const page = Number.isSafeInteger(wanted) && wanted >= 1 ? Math.min(wanted, pages) : 1;
    const href = (key: ListKey, at?: number) =>
      hrefWith(`/hr/import/${id}`, { list: key, page: at && at > 1 ? at : undefined });
    return this.views.render(request, reply, 'import-review', {
      ...base,
      title: 'Import roster: review',
      counts,
      warnings: result.warnings,
      uploadId: id,
      lists: LISTS.map((l) => ({
        ...l,
        count: changes[l.key].length,
        href: `${href(l.key)}#change-list`,
        current: l.key === list.key,
      })),
      list: {
        ...list,
        [list.key]: true,
        rows: rows.slice((page - 1) * REVIEW_PAGE, page * REVIEW_PAGE),
        total: rows.length,
        from: rows.length ? (page - 1) * REVIEW_PAGE + 1 : 0,
        to: Math.min(page * REVIEW_PAGE, rows.length),
        page,
        pages,
        paged: pages > 1,
        previousHref: page > 1 ? `${href(list.key, page - 1)}#change-list` : null,
        nextHref: page < pages ? `${href(list.key, page + 1)}#change-list` : null,
      },
    });
  }

  @Post(':id/confirm')
  @Roles('hr', 'admin')
  async confirm(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
  ) {
    const { upload, result } = await this.review.confirm(id, me);
    if (!result.ok) {
      // The roster changed between the dry run and the confirmation; show what is wrong now.
      return this.views.render(
        request,
        reply,
        'import-review',
        {
          title: 'Import roster: problems found',
          filename: upload.filename,
          errors: result.errors,
          warnings: result.warnings,
        },
        422,
      );
    }
    // Post/redirect/get: reloading the result page must not post the confirmation again.
    const { created, updated, unchanged, deactivated } = result.counts;
    const query = new URLSearchParams({
      file: upload.filename,
      created: String(created),
      updated: String(updated),
      unchanged: String(unchanged),
      deactivated: String(deactivated),
    });
    return reply.redirect(`/hr/import/done?${query.toString()}`, 303);
  }

  /** What the last import changed (from its redirect), and who still cannot sign in. */
  @Get('done')
  @Roles('hr', 'admin')
  async done(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    const count = (name: string) => {
      const value = Number(query[name]);
      return Number.isSafeInteger(value) && value >= 0 ? value : 0;
    };
    return this.views.render(request, reply, 'import-done', {
      title: 'Roster imported',
      filename: typeof query.file === 'string' ? query.file.slice(0, 200) : 'the file',
      counts: {
        created: count('created'),
        updated: count('updated'),
        unchanged: count('unchanged'),
        deactivated: count('deactivated'),
      },
      awaitingPassword: await this.staff.awaitingPasswordWords(),
    });
  }
}
