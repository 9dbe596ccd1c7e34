import { Controller, ForbiddenException, Get, HttpException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { longDate, todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import type { CourseEdition } from '../courses/course.types.js';
import { SignedIn } from '../identity/access.decorators.js';
import { hasRole, Me, type Principal } from '../identity/principal.js';
import type { Site } from '../staff/site.entity.js';
import { hrefWith } from '../web/href.js';
import { bulkOutcome } from '../web/overdue-picks.js';
import { checkPageForm, inWords } from '../web/page-form.js';
import { ViewService } from '../web/view.service.js';
import { SitePageCsvQuery, SitePageQuery, SiteParams, type SiteCsvQuery } from './dto/site-query.dto.js';
import { OVERDUE_PAGE, overdueRowsView } from './overdue-rows.js';
import { percentText } from './percent-text.js';
import { sendReportFile } from './reports.controller.js';
import { SiteAccessService } from './site-access.service.js';
import { SiteReportService } from './site-report.service.js';

/** The form's fields, as its labels name them (for messages about a bad value). */
const FIELD_WORDS: Record<string, string> = {
  course: 'The course',
  asOf: 'The “as of” day',
  page: 'The page number',
};

const asSiteQuery = (form: SitePageCsvQuery): SiteCsvQuery => {
  const [courseId, edition] = form.course ? form.course.split('@') : [undefined, undefined];
  return { courseId, edition, asOf: form.asOf };
};

const sitePath = (site: Site) => `/site/${encodeURIComponent(site.code)}`;

/** A site's leaders' view of their school: HR's figures for that site, its overdue list and its CSV. */
@ApiExcludeController()
@Controller('site')
export class SitePagesController {
  constructor(
    private readonly views: ViewService,
    private readonly access: SiteAccessService,
    private readonly siteReports: SiteReportService,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
  ) {}

  /** A leader of one site goes straight to it; anyone who may see several gets the list. */
  @Get()
  @SignedIn()
  async index(@Me() me: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const led = await this.access.sitesLedBy(me.accountId);
    const everySite = hasRole(me, 'hr', 'admin');
    if (!everySite && led.length === 0)
      throw new ForbiddenException("A site's report is for its leaders, HR and admins");
    if (!everySite && led.length === 1) return reply.redirect(sitePath(led[0]), 303);
    const linked = (sites: Site[]) => sites.map((site) => ({ ...site, href: sitePath(site) }));
    return this.views.render(request, reply, 'site-list', {
      title: everySite ? 'Sites' : 'My schools',
      everySite,
      // HR or an admin who also leads a site (the demo's do) finds their own first.
      led: everySite ? linked(led) : [],
      sites: linked(everySite ? await this.access.sitesFor(me) : led),
    });
  }

  @Get(':siteCode')
  @SignedIn()
  async site(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param() params: SiteParams,
    @Query() query: Record<string, unknown>,
  ) {
    const site = await this.access.siteFor(me, params.siteCode);
    const { form, errors } = await checkPageForm(SitePageQuery, query, FIELD_WORDS);
    const base = sitePath(site);
    const page = {
      title: site.name,
      site,
      base,
      // HR and admins came from the list of every site.
      sitesHref: hasRole(me, 'hr', 'admin') ? '/site' : null,
      filters: this.filterForm(form),
    };
    // The form stays, with what was wrong; the report waits for a good one.
    const refused = (messages: string[], status: number) =>
      this.views.render(request, reply, 'site-dashboard', { ...page, errors: messages }, status);
    if (errors.length) return refused(errors, 400);
    const pageNumber = form.page ?? 1;
    let report;
    try {
      report = await this.siteReports.report(site, asSiteQuery(form), {
        offset: (pageNumber - 1) * OVERDUE_PAGE,
        limit: OVERDUE_PAGE,
      });
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
      return refused([inWords(error.message, FIELD_WORDS)], error.getStatus());
    }
    const chosen = { course: form.course, asOf: form.asOf };
    const pages = Math.max(1, Math.ceil(report.overdue.total / OVERDUE_PAGE));
    const editions = report.editions
      .map((e) => this.catalog.find(e.courseId, e.edition, { drafts: false }))
      .filter((e): e is CourseEdition => e !== undefined);
    // What the reminder came back with (POST /reminders).
    const outcome = bulkOutcome(query);
    return this.views.render(request, reply, 'site-dashboard', {
      ...page,
      errors: [
        ...(pageNumber > pages ? [`There is no page ${pageNumber}: the list has ${pages}.`] : []),
        ...outcome.errors,
      ],
      notice: outcome.notice,
      // Reminders by hand only where they can leave Hearth (POST /reminders refuses otherwise).
      mailOn: Boolean(this.config.mail.smtpUrl),
      back: hrefWith(base, { ...chosen, page: pageNumber > 1 ? pageNumber : undefined }),
      report,
      asOfText: longDate(report.asOf),
      totalRate: percentText(report.totals) ?? '—',
      groups: report.groups.map((group) => ({ ...group, rateText: percentText(group) ?? '—' })),
      overdue: {
        total: report.overdue.total,
        rows: overdueRowsView(
          report.overdue.items,
          editions,
          (role) => this.config.roleLabel(role),
          report.asOf,
        ),
        page: pageNumber,
        pages,
        paged: pages > 1,
        previousHref: pageNumber > 1 ? hrefWith(base, { ...chosen, page: pageNumber - 1 }) : null,
        nextHref: pageNumber < pages ? hrefWith(base, { ...chosen, page: pageNumber + 1 }) : null,
      },
      csvHref: hrefWith(`${base}/overdue.csv`, chosen),
    });
  }

  @Get(':siteCode/overdue.csv')
  @SignedIn()
  async overdueCsv(
    @Me() me: Principal,
    @Res() reply: FastifyReply,
    @Param() params: SiteParams,
    @Query() form: SitePageCsvQuery,
  ) {
    const site = await this.access.siteFor(me, params.siteCode);
    return sendReportFile(reply, 'csv', await this.siteReports.overdueCsv(site, asSiteQuery(form)));
  }

  private filterForm(form: SitePageCsvQuery) {
    return {
      today: todayIso(this.config),
      asOf: form.asOf ?? '',
      courses: this.catalog.published().map((course) => {
        const value = `${course.id}@${course.edition}`;
        return { value, label: `${course.title} (${course.edition})`, selected: value === form.course };
      }),
    };
  }
}
