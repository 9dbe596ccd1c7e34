import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { chunks } from '../database/rows.js';
import { join, sql } from '../database/sql.js';

/** Follow-ups marked done, by assignment. */
@Injectable()
export class FollowUpsRepository {
  constructor(private readonly database: Database) {}

  /** For each assignment, the follow-ups marked done and when. */
  async doneFor(assignmentIds: number[]): Promise<Map<number, Map<string, Date>>> {
    const done = new Map<number, Map<string, Date>>();
    for (const batch of chunks(assignmentIds)) {
      const rows = await this.database.arrays(
        sql`SELECT assignment_id, followup_id, done_at FROM followups_done WHERE assignment_id IN (${join(batch)})`,
      );
      for (const [id, followUpId, at] of rows as [number, string, Date][]) {
        if (!done.has(id)) done.set(id, new Map());
        done.get(id)?.set(followUpId, at);
      }
    }
    return done;
  }

  /** Marks one done; marking it again keeps the first time. */
  async markDone(assignmentId: number, followUpId: string, at: Date): Promise<void> {
    await this.database.run(
      sql`INSERT INTO followups_done (assignment_id, followup_id, done_at) VALUES (${assignmentId}, ${followUpId}, ${at})
          ON CONFLICT (assignment_id, followup_id) DO NOTHING`,
    );
  }
}
