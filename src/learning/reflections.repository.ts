import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { sql } from '../database/sql.js';
import type { Reflection } from './reflection.entity.js';

type Where = Pick<Reflection, 'accountId' | 'courseId' | 'edition' | 'moduleId'>;

/** Reflections, always by their own account: no query here reads another person's. */
@Injectable()
export class ReflectionsRepository {
  constructor(private readonly database: Database) {}

  /** Saves the text (replacing the earlier one); an empty text removes it. */
  async save(where: Where, body: string, at: Date): Promise<void> {
    if (body === '') {
      await this.database.run(
        sql`DELETE FROM reflections WHERE account_id = ${where.accountId} AND course_id = ${where.courseId}
               AND edition = ${where.edition} AND module_id = ${where.moduleId}`,
      );
      return;
    }
    await this.database.run(
      sql`INSERT INTO reflections (account_id, course_id, edition, module_id, body, updated_at)
          VALUES (${where.accountId}, ${where.courseId}, ${where.edition}, ${where.moduleId}, ${body}, ${at})
          ON CONFLICT (account_id, course_id, edition, module_id)
          DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    );
  }

  async one(where: Where): Promise<Reflection | undefined> {
    return this.database.row<Reflection>(
      sql`SELECT id, account_id, course_id, edition, module_id, body, updated_at FROM reflections
           WHERE account_id = ${where.accountId} AND course_id = ${where.courseId}
             AND edition = ${where.edition} AND module_id = ${where.moduleId}`,
    );
  }

  /** All of one account's, by course, edition and module. */
  mine(accountId: number): Promise<Reflection[]> {
    return this.database.rows<Reflection>(
      sql`SELECT id, account_id, course_id, edition, module_id, body, updated_at FROM reflections
           WHERE account_id = ${accountId} ORDER BY course_id, edition, module_id`,
    );
  }
}
