import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../identity/access.decorators.js';
import { sendDownload } from '../web/download.js';
import { SurveyReportQuery } from './dto/survey.dto.js';
import { SurveyReportService } from './survey-report.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class SurveyReportController {
  constructor(private readonly report: SurveyReportService) {}

  @Get('surveys')
  @Roles('trainer', 'hr', 'admin')
  @ApiOperation({
    summary:
      'Per survey item and group: mean and number of answers before and after; small groups hidden (HEARTH_SURVEY_MIN_GROUP)',
  })
  surveys(@Query() query: SurveyReportQuery) {
    return this.report.report(query.courseId, query.edition, query.groupBy);
  }

  @Get('surveys.csv')
  @Roles('trainer', 'hr', 'admin')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The survey report as CSV, one row per item and group' })
  async surveysCsv(@Query() query: SurveyReportQuery, @Res() reply: FastifyReply) {
    const report = await this.report.report(query.courseId, query.edition, query.groupBy);
    return sendDownload(reply, { kind: 'csv', ...this.report.csvFile(report) });
  }
}
