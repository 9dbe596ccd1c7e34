import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { empty, join, sql, type Sql } from '../database/sql.js';
import type { AuditEntry } from './audit-entry.entity.js';

export interface AuditFilters {
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  /** Entries to pass over first, newest first (paging). */
  offset?: number;
}

/** The append-only audit log. There is deliberately no update or delete. */
@Injectable()
export class AuditRepository {
  constructor(private readonly database: Database) {}

  async append(entry: Omit<AuditEntry, 'id'>): Promise<void> {
    await this.database.run(
      sql`INSERT INTO audit_entries (at, actor_account_id, actor_email, action, target, details)
          VALUES (${entry.at}, ${entry.actorAccountId}, ${entry.actorEmail}, ${entry.action}, ${entry.target}, ${entry.details})`,
    );
  }

  /** The newest entries first, as filtered. */
  newest(filters: AuditFilters): Promise<AuditEntry[]> {
    const conditions: Sql[] = [];
    if (filters.actor) conditions.push(sql`actor_email = ${filters.actor.toLowerCase()}`);
    if (filters.action) conditions.push(sql`action = ${filters.action}`);
    if (filters.from) conditions.push(sql`at >= ${filters.from}`);
    if (filters.to) conditions.push(sql`at < ${filters.to}`);
    const where = conditions.length ? sql`WHERE ${join(conditions, ' AND ')}` : empty;
    return this.database.rows<AuditEntry>(
      sql`SELECT id, at, actor_account_id, actor_email, action, target, details FROM audit_entries
          ${where} ORDER BY id DESC LIMIT ${filters.limit ?? 500} OFFSET ${filters.offset ?? 0}`,
    );
  }

  /** Every action name the log holds, in order (for the filter). */
  async actions(): Promise<string[]> {
    const rows = await this.database.rows<{ action: string }>(
      sql`SELECT DISTINCT action FROM audit_entries ORDER BY action`,
    );
    return rows.map((row) => row.action);
  }
}
