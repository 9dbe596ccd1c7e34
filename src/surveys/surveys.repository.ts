import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { raw, sql } from '../database/sql.js';
import type { SurveyAnswer, SurveyPhase } from './survey-answer.entity.js';
import type { SurveyMark, SurveyMarkStatus } from './survey-mark.entity.js';

export type MarkKey = Pick<SurveyMark, 'accountId' | 'courseId' | 'edition' | 'phase'>;

/** One group's answers to one item in one phase: how many, and their sum (for the mean). */
export interface SurveyTotals {
  phase: SurveyPhase;
  itemId: string;
  groupKey: string;
  count: number;
  sum: number;
}

const GROUP_COLUMN = { site: 'site_code', role: 'job_role' } as const;

/**
 * The surveys' two tables. Answers are written and read only in bulk, never with anything of a person
 * and never in the order they were written: the one read is a grouped count and sum.
 */
@Injectable()
export class SurveysRepository {
  constructor(private readonly database: Database) {}

  /** Marks the phase answered or skipped; false when it was marked already. */
  async mark(key: MarkKey, status: SurveyMarkStatus): Promise<boolean> {
    const changed = await this.database.run(
      sql`INSERT INTO survey_marks (account_id, course_id, edition, phase, status)
          VALUES (${key.accountId}, ${key.courseId}, ${key.edition}, ${key.phase}, ${status})
          ON CONFLICT (account_id, course_id, edition, phase) DO NOTHING`,
    );
    return changed === 1;
  }

  /** How the person left each phase of the edition's survey (answered or skipped); absent: not yet. */
  async marks(
    accountId: number,
    courseId: string,
    edition: string,
  ): Promise<Map<SurveyPhase, SurveyMarkStatus>> {
    const rows = await this.database.rows<Pick<SurveyMark, 'phase' | 'status'>>(
      sql`SELECT phase, status FROM survey_marks
           WHERE account_id = ${accountId} AND course_id = ${courseId} AND edition = ${edition}`,
    );
    return new Map(rows.map((row) => [row.phase, row.status]));
  }

  /** Where a staff member works, as the answers record it: the site's code and the job role. */
  async siteAndRole(staffId: number): Promise<{ siteCode: string; jobRole: string } | undefined> {
    return this.database.row(
      sql`SELECT st.code AS site_code, s.job_role FROM staff s JOIN sites st ON st.id = s.site_id
           WHERE s.id = ${staffId}`,
    );
  }

  /** Stores answers, each row with a random key of its own (so the key says nothing of when). */
  async addAnswers(rows: Omit<SurveyAnswer, 'id'>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.database.insertRows(
      'survey_answers',
      ['id', 'course_id', 'edition', 'phase', 'site_code', 'job_role', 'item_id', 'value'],
      rows.map((r) => [
        randomUUID(),
        r.courseId,
        r.edition,
        r.phase,
        r.siteCode,
        r.jobRole,
        r.itemId,
        r.value,
      ]),
    );
  }

  /** Per phase, item and site (or job role): the number of answers and their sum. */
  totals(courseId: string, edition: string, groupBy: keyof typeof GROUP_COLUMN): Promise<SurveyTotals[]> {
    const column = raw(GROUP_COLUMN[groupBy]);
    return this.database.rows<SurveyTotals>(
      sql`SELECT phase, item_id, ${column} AS group_key, COUNT(*) AS count, SUM(value) AS sum
            FROM survey_answers WHERE course_id = ${courseId} AND edition = ${edition}
           GROUP BY phase, item_id, ${column}`,
    );
  }

  /** The display names of sites by code. */
  async siteNames(codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await this.database.rows<{ code: string; name: string }>(sql`SELECT code, name FROM sites`);
    return new Map(rows.filter((row) => codes.includes(row.code)).map((row) => [row.code, row.name]));
  }
}
