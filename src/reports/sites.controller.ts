import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { OVERDUE_LIMIT, SiteComplianceQuery, SiteCsvQuery, SiteParams } from './dto/site-query.dto.js';
import { sendReportFile } from './reports.controller.js';
import { SiteAccessService } from './site-access.service.js';
import { SiteReportService } from './site-report.service.js';

/** One site's compliance for its leaders (and HR and admins): HR's numbers, scoped to the site. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/sites')
export class SitesController {
  constructor(
    private readonly access: SiteAccessService,
    private readonly siteReports: SiteReportService,
  ) {}

  @Get(':siteCode/compliance')
  // Signed in, then the site decides: its leaders, HR and admins (SiteAccessService).
  @SignedIn()
  @ApiOperation({
    summary: "A site's compliance by role and a page of its overdue list (its leaders, hr, admin)",
  })
  async compliance(@Me() me: Principal, @Param() params: SiteParams, @Query() query: SiteComplianceQuery) {
    const site = await this.access.siteFor(me, params.siteCode);
    const { offset, limit, ...filters } = query;
    return this.siteReports.report(site, filters, {
      offset: offset ?? 0,
      limit: limit ?? OVERDUE_LIMIT.default,
    });
  }

  @Get(':siteCode/overdue.csv')
  @SignedIn()
  @ApiProduces('text/csv')
  @ApiOperation({ summary: "A site's overdue list as HR's CSV (its leaders, hr, admin)" })
  async overdueCsv(
    @Me() me: Principal,
    @Param() params: SiteParams,
    @Query() query: SiteCsvQuery,
    @Res() reply: FastifyReply,
  ) {
    const site = await this.access.siteFor(me, params.siteCode);
    return sendReportFile(reply, 'csv', await this.siteReports.overdueCsv(site, query));
  }
}
