import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { empty, raw, sql, type Sql } from '../database/sql.js';
import { containsPattern } from '../common/search-text.js';
import { heldBy } from '../learning/holder.js';
import type { Certificate } from './certificate.entity.js';

export interface ExportFilters {
  courseId: string;
  edition: string;
  site?: string;
}

/** Certificates plus who holds them, for lists and exports. */
export interface CertificateRow {
  certificate: Certificate;
  /** Empty for a community learner (no employee id, no site). */
  employeeId: string;
  accountId: number;
  siteCode: string;
}

/** Every column of a certificate, for a query with it as `c`. */
const CERTIFICATE = raw(
  `c.id, c.serial, c.assignment_id, c.program_enrolment_id, c.staff_id, c.community_learner_id, c.holder_name, c.course_id, c.course_title, c.edition,
   c.pd_hours_x100, c.completed_at, c.content_hash, c.revoked_at, c.revoked_reason`,
);

@Injectable()
export class CertificatesRepository {
  constructor(private readonly database: Database) {}

  async bySerial(serial: string): Promise<Certificate | null> {
    return (
      (await this.database.row<Certificate>(
        sql`SELECT ${CERTIFICATE} FROM certificates c WHERE c.serial = ${serial}`,
      )) ?? null
    );
  }

  async byId(id: number): Promise<Certificate | null> {
    return (
      (await this.database.row<Certificate>(
        sql`SELECT ${CERTIFICATE} FROM certificates c WHERE c.id = ${id}`,
      )) ?? null
    );
  }

  /**
   * The certificate with its holder's account and employee id (for access checks and HR pages); the
   * holder is a staff member or a community learner.
   */
  async withHolder(serial: string): Promise<CertificateRow | null> {
    const row = await this.database.row<
      Certificate & { employeeId: string | null; accountId: number; siteCode: string | null }
    >(
      sql`SELECT ${CERTIFICATE}, s.employee_id, COALESCE(s.account_id, cl.account_id) AS account_id,
                 site.code AS site_code
            FROM certificates c
            LEFT JOIN staff s ON s.id = c.staff_id
            LEFT JOIN sites site ON site.id = s.site_id
            LEFT JOIN community_learners cl ON cl.id = c.community_learner_id
           WHERE c.serial = ${serial}`,
    );
    if (!row) return null;
    const { employeeId, accountId, siteCode, ...certificate } = row;
    return { certificate, employeeId: employeeId ?? '', accountId, siteCode: siteCode ?? '' };
  }

  /** The certificates held by an account (as staff or as a community learner), newest first. */
  forAccount(accountId: number): Promise<Certificate[]> {
    return this.database.rows<Certificate>(
      sql`SELECT ${CERTIFICATE} FROM certificates c WHERE ${heldBy(accountId, 'c')} ORDER BY c.completed_at DESC`,
    );
  }

  forStaff(staffId: number): Promise<Certificate[]> {
    return this.database.rows<Certificate>(
      sql`SELECT ${CERTIFICATE} FROM certificates c WHERE c.staff_id = ${staffId} ORDER BY c.completed_at DESC`,
    );
  }

  /**
   * Find certificates by serial, or by the holder's name or employee id (HR search): community
   * learners' too, so HR can find and revoke any certificate. `serial` is the search read as a whole
   * serial (any case, with or without hyphens), when it is one.
   */
  search(q: string, serial: string | null, limit = 50): Promise<Certificate[]> {
    const like = containsPattern(q.toLowerCase());
    return this.database.rows<Certificate>(
      sql`SELECT ${CERTIFICATE} FROM certificates c LEFT JOIN staff s ON s.id = c.staff_id
           WHERE ${serial ? sql`c.serial = ${serial} OR ` : empty}LOWER(c.serial) LIKE ${like} ESCAPE '\\'
              OR LOWER(c.holder_name) LIKE ${like} ESCAPE '\\'
              OR LOWER(s.employee_id) LIKE ${like} ESCAPE '\\'
           ORDER BY c.completed_at DESC, c.id ASC
           LIMIT ${limit}`,
    );
  }

  async count(filters: ExportFilters): Promise<number> {
    const row = await this.database.row<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${exported(filters)}`);
    return row?.n ?? 0;
  }

  /**
   * Pages through an export's certificates in id order, `size` at a time (memory stays flat). Each page
   * is a read of its own: rendering the PDFs takes long, and no snapshot is held open meanwhile.
   */
  async *exportPages(
    filters: ExportFilters,
    size = 500,
  ): AsyncGenerator<(Certificate & { employeeId: string })[]> {
    let after = 0;
    for (;;) {
      const rows = await this.database.rows<Certificate & { employeeId: string }>(
        sql`SELECT ${CERTIFICATE}, s.employee_id FROM ${exported(filters)} AND c.id > ${after}
             ORDER BY c.id ASC LIMIT ${size}`,
      );
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1].id;
    }
  }

  /** Revokes a certificate not revoked yet; whether it did. */
  async revoke(id: number, revokedAt: Date, reason: string): Promise<boolean> {
    const changed = await this.database.run(
      sql`UPDATE certificates SET revoked_at = ${revokedAt}, revoked_reason = ${reason}
           WHERE id = ${id} AND revoked_at IS NULL`,
    );
    return changed > 0;
  }

  /** The ids of revoked certificates in [from, to): one revocation status list's. */
  async revokedIds(from: number, to: number): Promise<number[]> {
    const rows = await this.database.arrays(
      sql`SELECT id FROM certificates WHERE id >= ${from} AND id < ${to} AND revoked_at IS NOT NULL`,
    );
    return rows.map(([id]) => id as number);
  }
}

/**
 * An export's certificates (`c`) with their holders (`s`): FROM and WHERE, more conditions may follow.
 * Staff only (the inner join): community learners' certificates are not in staff exports.
 */
function exported(filters: ExportFilters): Sql {
  return sql`certificates c INNER JOIN staff s ON s.id = c.staff_id
    ${filters.site ? sql`INNER JOIN sites site ON site.id = s.site_id` : empty}
    WHERE c.course_id = ${filters.courseId} AND c.edition = ${filters.edition}
    ${filters.site ? sql`AND site.code = ${filters.site}` : empty}`;
}
