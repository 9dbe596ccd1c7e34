import type { Readable } from 'node:stream';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { longDate, todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { type JobRole, rolesWithHeld } from '../config/job-roles.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import type { CourseEdition } from '../courses/course.types.js';
import { editionsInForce } from '../learning/assignment-rules.js';
import { rulesOf } from '../learning/assignments.service.js';
import type { Site } from '../staff/site.entity.js';
import { complianceCsv } from './compliance-csv.js';
import { describeFilters, renderCompliancePdf } from './compliance-pdf.js';
import type { ComplianceReport } from './compliance.types.js';
import type { ComplianceCsvQuery, ComplianceQuery } from './dto/compliance-query.dto.js';
import {
  type OverdueRow,
  type ReportScope,
  ReportsRepository,
  type StatusCounts,
} from './reports.repository.js';

export type { ComplianceGroup, ComplianceReport } from './compliance.types.js';

/** A report file and the day it is as of (its file name says so). */
export interface ReportFile<T> {
  asOf: string;
  body: T;
}

export function completionRate(counts: StatusCounts): number | null {
  const due = counts.assigned - counts.exempt;
  return due > 0 ? Math.round((counts.completed / due) * 10_000) / 10_000 : null;
}

/** Compliance by site or role for one or more editions, as of today or a past day. */
@Injectable()
export class ComplianceService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
  ) {}

  /**
   * The job roles a report may be filtered by, the filter form offers and the by-role figures name:
   * the configured ones and any other the roster holds (`rolesWithHeld`).
   */
  async jobRoles(): Promise<JobRole[]> {
    return rolesWithHeld(this.config.jobRoles, await this.reports.jobRolesHeld());
  }

  /** Turns the filters into the editions and day a report covers, or refuses them with a clear 4xx. */
  async scopeOf(query: ComplianceQuery): Promise<{ scope: ReportScope; editions: CourseEdition[] }> {
    const today = todayIso(this.config);
    const asOf = query.asOf ?? today;
    if (asOf > today) throw new BadRequestException(`asOf must not be after today (${longDate(today)})`);
    if (query.edition && !query.courseId) throw new BadRequestException('edition needs courseId');
    if (query.role) {
      const roles = (await this.jobRoles()).map((role) => role.id);
      if (!roles.includes(query.role))
        throw new BadRequestException(`role must be one of ${roles.join(', ')}`);
    }
    let editions: CourseEdition[];
    if (query.courseId && query.edition) {
      const edition = this.catalog.find(query.courseId, query.edition, { drafts: false });
      if (!edition) throw new NotFoundException(`No course ${query.courseId} edition ${query.edition}`);
      editions = [edition];
    } else if (query.courseId) {
      const edition = this.catalog.current(query.courseId);
      if (!edition) throw new NotFoundException(`No course ${query.courseId}`);
      editions = [edition];
    } else {
      const inForce = new Set(
        editionsInForce(this.catalog.published().map(rulesOf), asOf).map((e) => `${e.courseId}@${e.edition}`),
      );
      editions = this.catalog.published().filter((e) => inForce.has(`${e.id}@${e.edition}`));
    }
    return {
      editions,
      scope: {
        editions: editions.map((e) => ({ courseId: e.id, edition: e.edition })),
        site: query.site,
        role: query.role,
        asOf,
      },
    };
  }

  async report(query: ComplianceQuery): Promise<ComplianceReport> {
    const { scope, editions } = await this.scopeOf(query);
    const groupBy = query.groupBy ?? 'site';
    const counts = scope.editions.length ? await this.reports.countByStatusPerGroup(scope, groupBy) : [];
    const totals: StatusCounts = {
      assigned: 0,
      completed: 0,
      inProgress: 0,
      notStarted: 0,
      overdue: 0,
      exempt: 0,
    };
    for (const group of counts) {
      for (const field of Object.keys(totals) as (keyof StatusCounts)[]) totals[field] += group[field];
    }
    return {
      asOf: scope.asOf,
      groupBy,
      filters: {
        courseId: query.courseId ?? null,
        edition: query.edition ?? null,
        site: query.site ?? null,
        role: query.role ?? null,
      },
      editions: editions.map((e) => ({
        courseId: e.id,
        edition: e.edition,
        title: e.title,
        dueDate: e.dueDate,
      })),
      totals: { ...totals, completionRate: completionRate(totals) },
      groups: counts.map((group) => ({
        ...group,
        name: groupBy === 'role' ? this.config.roleLabel(group.key) : group.name,
        completionRate: completionRate(group),
      })),
    };
  }

  /** A page of who was overdue in scope, by site, due date and name, and how many they are in all. */
  overdue(scope: ReportScope, limit: number, offset: number): Promise<{ rows: OverdueRow[]; total: number }> {
    return this.reports.findOverdue(scope, limit, offset);
  }

  /** Every site, for the report filters. */
  sites(): Promise<Site[]> {
    return this.reports.sites();
  }

  /** The report's rows as a CSV stream; the filters are checked before the first byte is sent. */
  async csv(query: ComplianceCsvQuery): Promise<ReportFile<Readable>> {
    const scope = { ...(await this.scopeOf(query)).scope, status: query.status };
    return {
      asOf: scope.asOf,
      body: complianceCsv(scope.editions.length ? this.reports.complianceCsv(scope) : []),
    };
  }

  async pdf(query: ComplianceQuery): Promise<ReportFile<Buffer>> {
    const report = await this.report(query);
    const body = await renderCompliancePdf(report, {
      districtName: this.config.districtName,
      filters: describeFilters(report, (role) => this.config.roleLabel(role)),
      generatedOn: todayIso(this.config),
    });
    return { asOf: report.asOf, body };
  }
}
