import { Injectable, NotFoundException } from '@nestjs/common';
import { csvRow, CSV_BOM } from '../common/csv.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import type { GroupBy } from '../reports/dto/compliance-query.dto.js';
import type { SurveyPhase } from './survey-answer.entity.js';
import { type Figure, type Hidden, suppressTable } from './survey-suppression.js';
import { SurveysRepository, type SurveyTotals } from './surveys.repository.js';

/** A figure as the report gives it: shown (count, mean) or hidden, with why in words. */
export interface ReportFigure {
  count: number | null;
  mean: number | null;
  hidden: string | null;
}

export interface ReportRow {
  /** The site code or job role; null for the overall row. */
  key: string | null;
  name: string;
  before: ReportFigure;
  after: ReportFigure;
}

export interface SurveyReport {
  courseId: string;
  edition: string;
  title: string;
  groupBy: GroupBy;
  minGroup: number;
  scale: string[];
  items: { id: string; statement: string; reverse: boolean; overall: ReportRow; groups: ReportRow[] }[];
}

const PHASES: SurveyPhase[] = ['pre', 'post'];
const key = (phase: SurveyPhase, itemId: string) => `${phase} ${itemId}`;

/**
 * The survey report: per item and group, the mean before and after and the number of answers, with
 * every figure HEARTH_SURVEY_MIN_GROUP forbids hidden (see survey-suppression.ts).
 */
@Injectable()
export class SurveyReportService {
  constructor(
    private readonly surveys: SurveysRepository,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
  ) {}

  async report(
    courseId: string,
    edition: string | undefined,
    groupBy: GroupBy = 'site',
  ): Promise<SurveyReport> {
    const course = edition
      ? this.catalog.find(courseId, edition, { drafts: true })
      : this.catalog.current(courseId);
    if (!course) throw new NotFoundException(`No course ${courseId}${edition ? ` edition ${edition}` : ''}`);
    if (!course.survey)
      throw new NotFoundException(`The course ${courseId} (${course.edition}) has no survey`);
    const min = this.config.surveyMinGroup;
    const totals = await this.surveys.totals(course.id, course.edition, groupBy);
    // Every group that answered anything, in every table, so each table adds up to its own total.
    const groupKeys = [...new Set(totals.map((t) => t.groupKey))].sort();
    const names = groupBy === 'site' ? await this.surveys.siteNames(groupKeys) : new Map<string, string>();
    const nameOf = (group: string) =>
      groupBy === 'site' ? `${names.get(group) ?? group} (${group})` : this.config.roleLabel(group);
    const byTable = new Map<string, SurveyTotals[]>();
    for (const row of totals) {
      const table = byTable.get(key(row.phase, row.itemId));
      if (table) table.push(row);
      else byTable.set(key(row.phase, row.itemId), [row]);
    }
    const items = course.survey.items.map((item) => {
      const [before, after] = PHASES.map((phase) => {
        const rows = byTable.get(key(phase, item.id)) ?? [];
        const answers = groupKeys.map((group) => {
          const row = rows.find((r) => r.groupKey === group);
          return { key: group, count: row?.count ?? 0, sum: row?.sum ?? 0 };
        });
        return suppressTable(answers, min);
      });
      return {
        id: item.id,
        statement: item.statement,
        reverse: item.reverse,
        overall: {
          key: null,
          name: 'All answers',
          before: figure(before.total, min),
          after: figure(after.total, min),
        },
        groups: groupKeys
          .map((group) => ({
            key: group,
            name: nameOf(group),
            before: figure(before.groups.get(group), min),
            after: figure(after.groups.get(group), min),
          }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    });
    return {
      courseId: course.id,
      edition: course.edition,
      title: course.title,
      groupBy,
      minGroup: min,
      scale: course.survey.scale,
      items,
    };
  }

  /** The CSV download: its file name (without .csv) and the figures. */
  csvFile(report: SurveyReport): { name: string; body: Buffer } {
    return {
      name: `survey-${report.courseId}-${report.edition}-by-${report.groupBy}`,
      body: this.csv(report),
    };
  }

  /** The same figures, one row per item and group (the overall row first), hidden ones blank with why. */
  csv(report: SurveyReport): Buffer {
    const header = [
      'item_id',
      'statement',
      'reverse_worded',
      'group_by',
      'group',
      'count_before',
      'mean_before',
      'count_after',
      'mean_after',
      'note',
    ];
    const text = (value: number | null) => (value === null ? '' : String(value));
    const lines = report.items.flatMap((item) =>
      [item.overall, ...item.groups].map((row) =>
        csvRow([
          item.id,
          item.statement,
          item.reverse ? 'yes' : 'no',
          report.groupBy,
          row.key ?? 'all',
          text(row.before.count),
          text(row.before.mean),
          text(row.after.count),
          text(row.after.mean),
          [
            row.before.hidden && `before: ${row.before.hidden}`,
            row.after.hidden && `after: ${row.after.hidden}`,
          ]
            .filter(Boolean)
            .join('; '),
        ]),
      ),
    );
    return Buffer.from(CSV_BOM + csvRow(header) + lines.join(''));
  }
}

export function hiddenWords(why: Hidden, min: number): string {
  return why === 'small'
    ? `fewer than ${min} answers`
    : 'so that a smaller group cannot be worked out by subtraction';
}

function figure(value: Figure | undefined, min: number): ReportFigure {
  if (!value) return { count: 0, mean: null, hidden: null };
  if (value.hidden) return { count: null, mean: null, hidden: hiddenWords(value.hidden, min) };
  return { count: value.count, mean: value.mean, hidden: null };
}
