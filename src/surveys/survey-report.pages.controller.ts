import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController, PickType } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { Roles } from '../identity/access.decorators.js';
import { DashboardQuery } from '../reports/dto/dashboard-query.dto.js';
import { sendDownload } from '../web/download.js';
import { ViewService } from '../web/view.service.js';
import { surveyChart } from './survey-chart.js';
import { type ReportFigure, SurveyReportService } from './survey-report.service.js';

/** The page's filter form: one "course" select whose values are `courseId@edition`, as HR's pages have. */
export class SurveyReportForm extends PickType(DashboardQuery, ['course', 'groupBy'] as const) {}

const shown = (figure: ReportFigure) => ({
  ...figure,
  meanText: figure.mean === null ? '—' : figure.mean.toFixed(2),
});

/** The survey report for trainers, HR and admins: filters, a chart of before and after, tables, CSV. */
@ApiExcludeController()
@Controller('reports')
export class SurveyReportPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly report: SurveyReportService,
    private readonly catalog: CourseCatalog,
  ) {}

  @Get('surveys')
  @Roles('trainer', 'hr', 'admin')
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() form: SurveyReportForm) {
    const editions = this.editions();
    const chosen = form.course ?? editions[0]?.value;
    const [courseId, edition] = chosen?.split('@') ?? [];
    const report = courseId ? await this.report.report(courseId, edition, form.groupBy) : null;
    const groupBy = form.groupBy ?? 'site';
    const query = new URLSearchParams({ course: chosen ?? '', groupBy }).toString();
    return this.views.render(request, reply, 'survey-report', {
      title: report ? `Survey results: ${report.title} (${report.edition})` : 'Survey results',
      minGroup: report?.minGroup,
      courses: editions.map((e) => ({ ...e, selected: e.value === chosen })),
      byRole: groupBy === 'role',
      groupWord: groupBy === 'role' ? 'job role' : 'site',
      groupTitle: groupBy === 'role' ? 'Job role' : 'Site',
      errors:
        editions.length === 0
          ? ['No course edition has a survey yet (a survey.yaml beside its quiz.yaml).']
          : [],
      report,
      firstLabel: report?.scale[0],
      lastLabel: report?.scale.at(-1),
      chart: report ? surveyChart(report) : null,
      csvHref: `/reports/surveys.csv?${query}`,
      items: report?.items.map((item, i) => ({
        ...item,
        number: i + 1,
        rows: [{ ...item.overall, overall: true }, ...item.groups].map((row) => ({
          ...row,
          before: shown(row.before),
          after: shown(row.after),
        })),
      })),
    });
  }

  @Get('surveys.csv')
  @Roles('trainer', 'hr', 'admin')
  async csv(@Res() reply: FastifyReply, @Query() form: SurveyReportForm) {
    const [courseId, edition] = (form.course ?? this.editions()[0]?.value ?? '').split('@');
    const report = await this.report.report(courseId, edition, form.groupBy);
    return sendDownload(reply, { kind: 'csv', ...this.report.csvFile(report) });
  }

  /** Every edition with a survey, drafts included (trainers check a survey before it goes out). */
  private editions(): { value: string; label: string }[] {
    return this.catalog.load.courses
      .filter((course) => course.survey)
      .map((course) => ({
        value: `${course.id}@${course.edition}`,
        label: `${course.title} (${course.edition})`,
      }));
  }
}
