import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { raw, sql } from '../database/sql.js';
import { type Cohort, courseIdsTransformer } from './cohort.entity.js';

/** A cohort with how many people joined it. */
export interface CohortListItem extends Cohort {
  learners: number;
}

/** One course of one cohort in the report: its people, as far as they got. */
export interface CohortCourseCounts {
  cohortId: number;
  courseId: string;
  joined: number;
  started: number;
  completed: number;
  certificates: number;
}

export interface CommunityLearnerRow {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  createdAt: Date;
}

const COHORT = raw(
  'co.id, co.name, co.code, co.course_ids, co.closes_on, co.closed_at, co.created_by_account_id, co.created_at',
);

function toCohort(row: Record<string, unknown>): Cohort {
  return {
    id: row.id as number,
    name: row.name as string,
    code: row.code as string,
    courseIds: courseIdsTransformer.from(row.courseIds as string),
    closesOn: row.closesOn as string,
    closedAt: row.closedAt as Date | null,
    createdByAccountId: row.createdByAccountId as number | null,
    createdAt: row.createdAt as Date,
  };
}

/** Cohorts, the people who joined them, and the cohort report's counts. */
@Injectable()
export class CohortsRepository {
  constructor(private readonly database: Database) {}

  /** A new cohort; its id (the code is unique: a clash, however unlikely, throws). */
  async create(cohort: Omit<Cohort, 'id' | 'closedAt'>): Promise<number> {
    const row = await this.database.row<{ id: number }>(
      sql`INSERT INTO cohorts (name, code, course_ids, closes_on, closed_at, created_by_account_id, created_at)
          VALUES (${cohort.name}, ${cohort.code}, ${courseIdsTransformer.to(cohort.courseIds)}, ${cohort.closesOn},
                  ${null}, ${cohort.createdByAccountId}, ${cohort.createdAt})
          RETURNING id`,
    );
    return (row as { id: number }).id;
  }

  async byId(id: number): Promise<Cohort | undefined> {
    const row = await this.database.row(sql`SELECT ${COHORT} FROM cohorts co WHERE co.id = ${id}`);
    return row ? toCohort(row) : undefined;
  }

  /** By its canonical code. */
  async byCode(code: string): Promise<Cohort | undefined> {
    const row = await this.database.row(sql`SELECT ${COHORT} FROM cohorts co WHERE co.code = ${code}`);
    return row ? toCohort(row) : undefined;
  }

  /** Every cohort, newest first, with its number of people. */
  async list(): Promise<CohortListItem[]> {
    const rows = await this.database.rows(
      sql`SELECT ${COHORT}, (SELECT COUNT(*) FROM community_learners cl WHERE cl.cohort_id = co.id) AS learners
            FROM cohorts co ORDER BY co.created_at DESC, co.id DESC`,
    );
    return rows.map((row) => ({ ...toCohort(row), learners: Number(row.learners) }));
  }

  /** Closes a cohort now, unless it was closed already; whether it did. */
  async close(id: number, at: Date): Promise<boolean> {
    return (
      (await this.database.run(
        sql`UPDATE cohorts SET closed_at = ${at} WHERE id = ${id} AND closed_at IS NULL`,
      )) > 0
    );
  }

  /** A new community learner in a cohort; their id. */
  async addLearner(learner: {
    accountId: number;
    cohortId: number;
    firstName: string;
    lastName: string;
    createdAt: Date;
  }): Promise<number> {
    const row = await this.database.row<{ id: number }>(
      sql`INSERT INTO community_learners (account_id, cohort_id, first_name, last_name, created_at)
          VALUES (${learner.accountId}, ${learner.cohortId}, ${learner.firstName}, ${learner.lastName}, ${learner.createdAt})
          RETURNING id`,
    );
    return (row as { id: number }).id;
  }

  /** The people of one cohort, by name. */
  learners(cohortId: number): Promise<CommunityLearnerRow[]> {
    return this.database.rows<CommunityLearnerRow>(
      sql`SELECT cl.id, cl.first_name, cl.last_name, acc.email, cl.created_at
            FROM community_learners cl JOIN accounts acc ON acc.id = cl.account_id
           WHERE cl.cohort_id = ${cohortId}
           ORDER BY cl.last_name ASC, cl.first_name ASC, cl.id ASC`,
    );
  }

  /**
   * Per cohort and course: how many were assigned it (everyone who joined while it was offered), how
   * many started, completed, and hold a certificate not revoked. Community learners only, by
   * construction: the join goes through `community_learners`.
   */
  async courseCounts(): Promise<CohortCourseCounts[]> {
    const rows = await this.database.rows<Record<string, unknown>>(
      sql`SELECT cl.cohort_id, a.course_id, COUNT(*) AS joined,
                 SUM(CASE WHEN a.started_at IS NOT NULL OR a.completed_at IS NOT NULL THEN 1 ELSE 0 END) AS started,
                 SUM(CASE WHEN a.completed_at IS NOT NULL THEN 1 ELSE 0 END) AS completed,
                 COUNT(c.id) AS certificates
            FROM assignments a
           INNER JOIN community_learners cl ON cl.id = a.community_learner_id
            LEFT JOIN certificates c ON c.assignment_id = a.id AND c.revoked_at IS NULL
           GROUP BY cl.cohort_id, a.course_id`,
    );
    // PostgreSQL answers COUNT and SUM as text (bigint): numbers here.
    return rows.map((row) => ({
      cohortId: row.cohortId as number,
      courseId: row.courseId as string,
      joined: Number(row.joined),
      started: Number(row.started),
      completed: Number(row.completed),
      certificates: Number(row.certificates),
    }));
  }
}
