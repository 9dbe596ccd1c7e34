import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { sql } from '../database/sql.js';
import type { RosterUpload } from './roster-upload.entity.js';

/** Roster files uploaded on the import page, kept between the dry run and the confirmation. */
@Injectable()
export class RosterUploadsRepository {
  constructor(private readonly database: Database) {}

  /** Keeps an upload; its id. */
  async keep(upload: Omit<RosterUpload, 'id'>): Promise<number> {
    const row = await this.database.row<{ id: number }>(
      sql`INSERT INTO roster_uploads (account_id, filename, sync, content, created_at)
          VALUES (${upload.accountId}, ${upload.filename}, ${upload.sync}, ${upload.content}, ${upload.createdAt})
          RETURNING id`,
    );
    return (row as { id: number }).id;
  }

  /** An upload of this account's. */
  async ofAccount(id: number, accountId: number): Promise<RosterUpload | undefined> {
    return this.database.row<RosterUpload>(
      sql`SELECT id, account_id, filename, sync, content, created_at FROM roster_uploads
           WHERE id = ${id} AND account_id = ${accountId}`,
    );
  }

  async discard(id: number): Promise<void> {
    await this.database.run(sql`DELETE FROM roster_uploads WHERE id = ${id}`);
  }
}
