import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { sql } from '../database/sql.js';
import { leadsSite } from '../identity/site-leader.js';
import type { Site } from '../staff/site.entity.js';

/** One active leader of one site, with what a message to them needs. */
export interface SiteLeader {
  /** The leader's staff row. */
  staffId: number;
  siteId: number;
  siteCode: string;
  siteName: string;
  accountId: number;
  email: string;
  firstName: string;
  lastName: string;
}

/** Who leads which site (the rule itself is `leadsSite`: active staff whose job role is administrator). */
@Injectable()
export class SiteLeadersRepository {
  constructor(private readonly database: Database) {}

  /** The sites this account leads, by code (none for anyone who is not an active administrator). */
  sitesLedBy(accountId: number): Promise<Site[]> {
    return this.database.rows<Site>(
      sql`SELECT site.id, site.code, site.name
            FROM staff st INNER JOIN sites site ON site.id = st.site_id
           WHERE st.account_id = ${accountId} AND ${leadsSite('st')}
           ORDER BY site.code ASC`,
    );
  }

  /** The site with this code, if there is one. */
  async siteByCode(code: string): Promise<Site | undefined> {
    return this.database.row<Site>(sql`SELECT id, code, name FROM sites WHERE code = ${code}`);
  }

  /**
   * Every active leader of every site with their account's e-mail, in one statement, by site code, last
   * and first name (for the site leaders' weekly digest).
   */
  leadersOfSites(): Promise<SiteLeader[]> {
    return this.database.rows<SiteLeader>(
      sql`SELECT st.id AS staff_id, site.id AS site_id, site.code AS site_code, site.name AS site_name, acc.id AS account_id,
                 acc.email, st.first_name, st.last_name
            FROM staff st
           INNER JOIN sites site ON site.id = st.site_id
           INNER JOIN accounts acc ON acc.id = st.account_id
           WHERE ${leadsSite('st')}
           ORDER BY site.code ASC, st.last_name ASC, st.first_name ASC, acc.id ASC`,
    );
  }
}
