import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { Site } from '../staff/site.entity.js';
import { ComplianceService, type ComplianceReport, type ReportFile } from './compliance.service.js';
import type { SiteCsvQuery } from './dto/site-query.dto.js';
import type { OverdueRow } from './reports.repository.js';

export interface SiteReport extends ComplianceReport {
  site: { code: string; name: string };
  overdue: { total: number; offset: number; limit: number; items: OverdueRow[] };
}

/**
 * One site's compliance, for its leaders: HR's report with the site as its filter, grouped by role (so
 * the figures are HR's own), with a page of its overdue list.
 */
@Injectable()
export class SiteReportService {
  constructor(private readonly compliance: ComplianceService) {}

  async report(
    site: Site,
    query: SiteCsvQuery,
    page: { offset: number; limit: number },
  ): Promise<SiteReport> {
    const filters = { ...query, site: site.code };
    const report = await this.compliance.report({ ...filters, groupBy: 'role' });
    const { scope } = await this.compliance.scopeOf(filters);
    const found = scope.editions.length
      ? await this.compliance.overdue(scope, page.limit, page.offset)
      : { rows: [], total: 0 };
    return {
      site: { code: site.code, name: site.name },
      ...report,
      overdue: { total: found.total, ...page, items: found.rows },
    };
  }

  /** HR's overdue export for this site. */
  overdueCsv(site: Site, query: SiteCsvQuery): Promise<ReportFile<Readable>> {
    return this.compliance.csv({ ...query, site: site.code, status: 'overdue' });
  }
}
