import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendDownload } from '../web/download.js';
import { Roles } from '../identity/access.decorators.js';
import { ComplianceService, type ReportFile } from './compliance.service.js';
import { ComplianceCsvQuery, ComplianceQuery, QuizItemsQuery } from './dto/compliance-query.dto.js';
import { QuizItemsService } from './quiz-items.service.js';

/** Sends a report file with a name that says what it is and when it is as of. */
export function sendReportFile(
  reply: FastifyReply,
  kind: 'csv' | 'pdf',
  { asOf, body }: ReportFile<Buffer | NodeJS.ReadableStream>,
) {
  return sendDownload(reply, { kind, name: `compliance-${asOf}`, body });
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly quizItems: QuizItemsService,
  ) {}

  @Get('compliance')
  @Roles('hr', 'admin')
  @ApiOperation({ summary: 'Compliance totals and groups by site or role, as of today or a past day' })
  report(@Query() query: ComplianceQuery) {
    return this.compliance.report(query);
  }

  @Get('compliance.csv')
  @Roles('hr', 'admin')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'One row per staff member × course (streamed CSV, UTF-8 with BOM)' })
  async csv(@Query() query: ComplianceCsvQuery, @Res() reply: FastifyReply) {
    return sendReportFile(reply, 'csv', await this.compliance.csv(query));
  }

  @Get('compliance.pdf')
  @Roles('hr', 'admin')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'A printable summary with a chart by group' })
  async pdf(@Query() query: ComplianceQuery, @Res() reply: FastifyReply) {
    return sendReportFile(reply, 'pdf', await this.compliance.pdf(query));
  }

  @Get('quiz-items')
  @Roles('trainer', 'hr', 'admin')
  @ApiOperation({ summary: 'Per quiz question: attempts, share correct, the most chosen wrong option' })
  quizItemsReport(@Query() query: QuizItemsQuery) {
    return this.quizItems.report(query.courseId, query.edition);
  }
}
