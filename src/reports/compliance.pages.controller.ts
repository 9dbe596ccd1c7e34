import { Controller, Get, HttpException, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { longDate, todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { Roles } from '../identity/access.decorators.js';
import { ViewService } from '../web/view.service.js';
import { hrefWith } from '../web/href.js';
import { isolate } from '../web/isolate.js';
import { bulkOutcome } from '../web/overdue-picks.js';
import { checkPageForm, inWords } from '../web/page-form.js';
import { barChart } from './bar-chart.js';
import { ComplianceService } from './compliance.service.js';
import type { ComplianceQuery } from './dto/compliance-query.dto.js';
import { DashboardCsvQuery, DashboardQuery } from './dto/dashboard-query.dto.js';
import { OVERDUE_PAGE, overdueRowsView } from './overdue-rows.js';
import { sendReportFile } from './reports.controller.js';
import { percentText } from './percent-text.js';

/** The filter form's fields, as its labels name them (for messages about a bad value). */
const FIELD_WORDS: Record<string, string> = {
  course: 'The course',
  site: 'The site',
  role: 'The role',
  groupBy: 'Group by',
  asOf: 'The “as of” day',
  page: 'The page number',
  status: 'The status',
};

const asComplianceQuery = (form: DashboardQuery): ComplianceQuery => {
  const [courseId, edition] = form.course ? form.course.split('@') : [undefined, undefined];
  return { courseId, edition, site: form.site, role: form.role, groupBy: form.groupBy, asOf: form.asOf };
};

/** A site as the filter form's options name it (an option cannot hold <bdi>). */
const siteLabel = (site: { code: string; name: string }) => `${isolate(site.name)} (${site.code})`;

/** The filters as they travel between the HR pages (links keep what the person chose). */
const filtersOf = (form: DashboardQuery) => ({
  course: form.course,
  site: form.site,
  role: form.role,
  groupBy: form.groupBy,
  asOf: form.asOf,
});

/** HR's compliance dashboard, the overdue list behind it, and their CSV and PDF downloads. */
@ApiExcludeController()
@Controller('hr')
export class CompliancePagesController {
  constructor(
    private readonly views: ViewService,
    private readonly compliance: ComplianceService,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('hr', 'admin')
  async dashboard(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    const { form, errors } = await checkPageForm(DashboardQuery, query, FIELD_WORDS);
    const filters = await this.filterForm(form);
    // A site code from an old link or a typo would otherwise show a report of zeros.
    if (form.site && !filters.sites.some((site) => site.selected)) {
      errors.push(`There is no site with the code ${form.site}.`);
      form.site = undefined;
    }
    if (form.role && !filters.roles.some((role) => role.selected)) {
      errors.push(`There is no job role ${form.role}: choose one of the list.`);
      form.role = undefined;
    }
    // The form stays, with what was wrong; the report waits for a good one.
    const refused = (messages: string[], status: number) =>
      this.views.render(
        request,
        reply,
        'hr-dashboard',
        { title: 'Compliance', filters, errors: messages },
        status,
      );
    if (errors.length) return refused(errors, 400);
    let report;
    try {
      report = await this.compliance.report(asComplianceQuery(form));
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
      return refused([inWords(error.message, FIELD_WORDS)], error.getStatus());
    }
    const chosen = filtersOf(form);
    const groupWord = report.groupBy === 'site' ? 'site' : 'role';
    const groups = report.groups.map((group) => ({
      ...group,
      rateText: percentText(group) ?? '—',
      overdueHref: group.overdue
        ? hrefWith('/hr/overdue', { ...chosen, [report.groupBy]: group.key, groupBy: undefined })
        : null,
    }));
    return this.views.render(request, reply, 'hr-dashboard', {
      title: 'Compliance',
      filters,
      report,
      groups,
      groupWord,
      groupTitle: report.groupBy === 'site' ? 'Site' : 'Role',
      asOfText: longDate(report.asOf),
      totalRate: percentText(report.totals) ?? '—',
      chart: barChart(report.groups),
      overdueHref: report.totals.overdue ? hrefWith('/hr/overdue', { ...chosen, groupBy: undefined }) : null,
      csvHref: hrefWith('/hr/compliance.csv', chosen),
      pdfHref: hrefWith('/hr/compliance.pdf', chosen),
    });
  }

  @Get('overdue')
  @Roles('hr', 'admin')
  async overdue(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    // A bad filter is left out and named above the list.
    const { form, errors } = await checkPageForm(DashboardQuery, query, FIELD_WORDS);
    const { scope, editions } = await this.compliance.scopeOf(asComplianceQuery(form));
    const page = form.page ?? 1;
    const found = scope.editions.length
      ? await this.compliance.overdue(scope, OVERDUE_PAGE, (page - 1) * OVERDUE_PAGE)
      : { rows: [], total: 0 };
    const chosen = { ...filtersOf(form), groupBy: undefined };
    const pages = Math.max(1, Math.ceil(found.total / OVERDUE_PAGE));
    if (page > pages) errors.push(`There is no page ${page}: the list has ${pages}.`);
    // What a bulk action came back with (POST /hr/staff/exemptions, POST /reminders).
    const outcome = bulkOutcome(query);
    return this.views.render(request, reply, 'hr-overdue', {
      title: 'Overdue staff',
      errors: [...errors, ...outcome.errors],
      notice: outcome.notice,
      // Reminders by hand only where they can leave Hearth (POST /reminders refuses otherwise).
      mailOn: Boolean(this.config.mail.smtpUrl),
      back: hrefWith('/hr/overdue', { ...chosen, page: page > 1 ? page : undefined }),
      // The site apart, so the page can isolate its name.
      scopeSite: form.site ? await this.siteOf(form.site) : null,
      scopeText: [
        form.role ? this.config.roleLabel(form.role) : 'all roles',
        `as of ${longDate(scope.asOf)}`,
      ].join(', '),
      total: found.total,
      rows: overdueRowsView(found.rows, editions, (role) => this.config.roleLabel(role), scope.asOf),
      page,
      pages,
      previousHref: page > 1 ? hrefWith('/hr/overdue', { ...chosen, page: page - 1 }) : null,
      nextHref: page < pages ? hrefWith('/hr/overdue', { ...chosen, page: page + 1 }) : null,
      backHref: hrefWith('/hr', filtersOf(form)),
      csvHref: hrefWith('/hr/compliance.csv', { ...chosen, status: 'overdue' }),
    });
  }

  @Get('compliance.csv')
  @Roles('hr', 'admin')
  async csv(@Res() reply: FastifyReply, @Query() form: DashboardCsvQuery) {
    const query = { ...asComplianceQuery(form), status: form.status };
    return sendReportFile(reply, 'csv', await this.compliance.csv(query));
  }

  @Get('compliance.pdf')
  @Roles('hr', 'admin')
  async pdf(@Res() reply: FastifyReply, @Query() form: DashboardQuery) {
    const query = asComplianceQuery(form);
    return sendReportFile(reply, 'pdf', await this.compliance.pdf(query));
  }

  /** A site the filters name, with no name when there is no such site. */
  private async siteOf(code: string): Promise<{ code: string; name: string | null }> {
    return (
      (await this.compliance.sites()).find((candidate) => candidate.code === code) ?? { code, name: null }
    );
  }

  private async filterForm(form: DashboardQuery) {
    const sites = await this.compliance.sites();
    return {
      today: todayIso(this.config),
      asOf: form.asOf ?? '',
      courses: this.catalog.published().map((course) => {
        const value = `${course.id}@${course.edition}`;
        return { value, label: `${course.title} (${course.edition})`, selected: value === form.course };
      }),
      sites: sites.map((site) => ({
        value: site.code,
        label: siteLabel(site),
        selected: site.code === form.site,
      })),
      roles: (await this.compliance.jobRoles()).map((role) => ({
        value: role.id,
        label: role.label,
        selected: role.id === form.role,
      })),
      byRole: form.groupBy === 'role',
    };
  }
}
