import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { join, raw, sql } from '../database/sql.js';
import type { Account } from '../identity/account.entity.js';
import { type Role, rolesTransformer } from '../identity/roles.js';
import type { Site } from './site.entity.js';
import type { StaffStatus } from './staff-member.entity.js';
import { staffSearchText } from './staff-search.js';

/** What a roster import compares the file against: every staff member with their account's email. */
export interface RosterStateRow {
  id: number;
  employeeId: string;
  accountId: number;
  firstName: string;
  lastName: string;
  email: string;
  siteId: number;
  jobRole: string;
  hireDate: string;
  status: StaffStatus;
  changedOn: string | null;
}

/** A staff row as an import writes it (on a known employee_id, its ROSTER_COLUMNS overwrite the row). */
export interface RosterWrite {
  firstName: string;
  lastName: string;
  siteId: number | undefined;
  jobRole: string;
  hireDate: string;
  status: StaffStatus;
  changedOn: string | null;
  employeeId: string;
  accountId: number | undefined;
  /** The account's e-mail, part of the search text. */
  email: string;
}

/** Staff columns an import writes, and on a known employee_id, overwrites. */
const ROSTER_COLUMNS = [
  'first_name',
  'last_name',
  'search_text',
  'site_id',
  'job_role',
  'hire_date',
  'status',
  'changed_on',
  'updated_at',
];
const ON_KNOWN_EMPLOYEE = raw(
  `ON CONFLICT (employee_id) DO UPDATE SET ${ROSTER_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
);

/** The roster import's reads and bulk writes (a 10,000-row file is a few dozen statements). */
@Injectable()
export class RosterRepository {
  constructor(private readonly database: Database) {}

  rosterState(): Promise<RosterStateRow[]> {
    return this.database.rows<RosterStateRow>(
      sql`SELECT s.id, s.employee_id, s.account_id, s.first_name, s.last_name, a.email, s.site_id, s.job_role,
                 s.hire_date, s.status, s.changed_on
            FROM staff s JOIN accounts a ON a.id = s.account_id`,
    );
  }

  /** Every account's id and roles, by e-mail (to spot an email that already belongs to someone else). */
  async accountsByEmail(): Promise<Map<string, Pick<Account, 'id' | 'roles'>>> {
    const rows = await this.database.rows<{ id: number; email: string; roles: string }>(
      sql`SELECT id, email, roles FROM accounts`,
    );
    return new Map(rows.map((row) => [row.email, { id: row.id, roles: rolesTransformer.from(row.roles) }]));
  }

  async sitesByCode(): Promise<Map<string, Site>> {
    const sites = await this.database.rows<Site>(sql`SELECT id, code, name FROM sites`);
    return new Map(sites.map((site) => [site.code, site]));
  }

  async createSites(sites: Pick<Site, 'code' | 'name'>[]): Promise<void> {
    if (sites.length === 0) return;
    await this.database.insertRows(
      'sites',
      ['code', 'name'],
      sites.map((site) => [site.code, site.name]),
    );
  }

  async renameSite(id: number, name: string): Promise<void> {
    await this.database.run(sql`UPDATE sites SET name = ${name} WHERE id = ${id}`);
  }

  async setAccountEmail(accountId: number, email: string): Promise<void> {
    await this.database.run(sql`UPDATE accounts SET email = ${email} WHERE id = ${accountId}`);
  }

  /** New accounts without a password; their ids by e-mail. */
  async createAccounts(emails: string[], roles: Role[], createdAt: Date): Promise<Map<string, number>> {
    const stored = rolesTransformer.to(roles);
    const created = await this.database.insertRows<{ id: number; email: string }>(
      'accounts',
      ['email', 'password_hash', 'roles', 'created_at'],
      emails.map((email) => [email, null, stored, createdAt]),
      sql`RETURNING id, email`,
    );
    return new Map(created.map((account) => [account.email, account.id]));
  }

  /**
   * Inserts new staff rows and overwrites known ones (by employee_id), with their search text; `at` is
   * created_at and updated_at.
   */
  async upsertStaff(rows: RosterWrite[], at: Date): Promise<void> {
    await this.database.insertRows(
      'staff',
      [...ROSTER_COLUMNS, 'employee_id', 'account_id', 'created_at'],
      rows.map((row) => [
        row.firstName,
        row.lastName,
        staffSearchText(row),
        row.siteId,
        row.jobRole,
        row.hireDate,
        row.status,
        row.changedOn,
        at,
        row.employeeId,
        row.accountId,
        at,
      ]),
      ON_KNOWN_EMPLOYEE,
    );
  }

  /** Marks these staff rows inactive (they left on `today`). */
  async deactivate(staffIds: number[], today: string, at: Date): Promise<void> {
    if (staffIds.length === 0) return;
    await this.database.run(
      sql`UPDATE staff SET status = 'inactive', changed_on = ${today}, updated_at = ${at}
           WHERE id IN (${join(staffIds)})`,
    );
  }
}
