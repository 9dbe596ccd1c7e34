import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { join, sql } from '../database/sql.js';

/** The throttle's counters, in the database so that every instance counts the same budget. */
@Injectable()
export class SignInFailuresRepository {
  constructor(private readonly database: Database) {}

  /** The counters of these keys whose window is still open. */
  async open(names: string[], now: Date): Promise<{ name: string; failures: number; resetAt: Date }[]> {
    return this.database.rows(
      sql`SELECT name, failures, reset_at FROM sign_in_failures
           WHERE name IN (${join(names)}) AND reset_at > ${now}`,
    );
  }

  /**
   * One more failure for each name: a closed window starts again at 1. One statement per name, so that two
   * instances counting at once both count.
   */
  async count(names: string[], now: Date, resetAt: Date): Promise<void> {
    await this.database.transaction(async () => {
      await this.database.run(sql`DELETE FROM sign_in_failures WHERE reset_at <= ${now}`);
      for (const name of names)
        await this.database.run(
          sql`INSERT INTO sign_in_failures (name, failures, reset_at) VALUES (${name}, 1, ${resetAt})
              ON CONFLICT (name) DO UPDATE SET
                failures = CASE WHEN sign_in_failures.reset_at <= ${now} THEN 1 ELSE sign_in_failures.failures + 1 END,
                reset_at = CASE WHEN sign_in_failures.reset_at <= ${now} THEN ${resetAt} ELSE sign_in_failures.reset_at END`,
        );
    });
  }
}
