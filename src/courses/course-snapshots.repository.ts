import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { sql } from '../database/sql.js';

/** The stored last good versions of published course editions (course_snapshots). */
@Injectable()
export class CourseSnapshotsRepository {
  constructor(private readonly database: Database) {}

  /** The newest stored version of every edition, by its folder (`course/edition`): its content hash. */
  async newestHashes(): Promise<Map<string, string>> {
    const rows = await this.database.rows<{ courseId: string; edition: string; contentHash: string }>(
      sql`SELECT course_id, edition, content_hash FROM course_snapshots ORDER BY good_at, id`,
    );
    // Oldest first, so that each edition's newest is the one left in the map.
    return new Map(rows.map((row) => [`${row.courseId}/${row.edition}`, row.contentHash]));
  }

  /**
   * Makes this version the edition's newest: its files are written the first time its hash is seen; a
   * version seen again (files put back as they were) is only marked newest. Safe from several instances.
   */
  async keep(courseId: string, edition: string, contentHash: string, files: string, at: Date): Promise<void> {
    await this.database.run(
      sql`INSERT INTO course_snapshots (course_id, edition, content_hash, files, stored_at, good_at)
          VALUES (${courseId}, ${edition}, ${contentHash}, ${files}, ${at}, ${at})
          ON CONFLICT (course_id, edition, content_hash) DO UPDATE SET good_at = excluded.good_at`,
    );
  }

  /** An edition's stored versions, newest first, without their files. */
  versions(courseId: string, edition: string): Promise<{ contentHash: string; goodAt: Date }[]> {
    return this.database.rows(
      sql`SELECT content_hash, good_at FROM course_snapshots
          WHERE course_id = ${courseId} AND edition = ${edition} ORDER BY good_at DESC, id DESC`,
    );
  }

  /** One stored version's files (JSON). */
  async files(courseId: string, edition: string, contentHash: string): Promise<string | undefined> {
    const row = await this.database.row<{ files: string }>(
      sql`SELECT files FROM course_snapshots
          WHERE course_id = ${courseId} AND edition = ${edition} AND content_hash = ${contentHash}`,
    );
    return row?.files;
  }
}
