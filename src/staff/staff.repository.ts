import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import type { Row } from '../database/rows.js';
import { empty, join, raw, sql, type Sql } from '../database/sql.js';
import { rolesTransformer } from '../identity/roles.js';
import type { StaffMember, StaffStatus } from './staff-member.entity.js';

export interface StaffFilters {
  site?: string;
  role?: string;
  status?: StaffStatus;
  q?: string;
  page: number;
  pageSize: number;
}

export interface StaffListItem {
  employeeId: string;
  firstName: string;
  lastName: string;
  email: string;
  siteCode: string;
  siteName: string;
  jobRole: string;
  hireDate: string;
  status: StaffStatus;
}

const STAFF_COLUMNS = raw(
  's.id, s.employee_id, s.account_id, s.first_name, s.last_name, s.site_id, s.job_role, s.hire_date, s.status, ' +
    's.changed_on, s.created_at, s.updated_at',
);
/** The account's columns (its id is the staff row's account_id). */
const ACCOUNT_COLUMNS = raw('a.email, a.password_hash, a.roles, a.created_at AS account_created_at');
const SITE_COLUMNS = raw('si.code AS site_code, si.name AS site_name');

/** For a query with the staff row as `s` and its account as `a`: people who cannot sign in yet. */
const AWAITING_PASSWORD = raw(`s.status IN ('active', 'leave') AND a.password_hash IS NULL`);

/** A staff member from a row with STAFF_COLUMNS, and the account's or the site's columns if selected. */
function toStaffMember(row: Row): StaffMember {
  const member: StaffMember = {
    id: row.id as number,
    employeeId: row.employeeId as string,
    accountId: row.accountId as number,
    firstName: row.firstName as string,
    lastName: row.lastName as string,
    siteId: row.siteId as number,
    jobRole: row.jobRole as string,
    hireDate: row.hireDate as string,
    status: row.status as StaffStatus,
    changedOn: row.changedOn as string | null,
    createdAt: row.createdAt as Date,
    updatedAt: row.updatedAt as Date,
  };
  if ('email' in row)
    member.account = {
      id: member.accountId,
      email: row.email as string,
      passwordHash: row.passwordHash as string | null,
      roles: rolesTransformer.from(row.roles as string | null),
      createdAt: row.accountCreatedAt as Date,
    };
  if ('siteCode' in row)
    member.site = { id: row.siteId as number, code: row.siteCode as string, name: row.siteName as string };
  return member;
}

@Injectable()
export class StaffRepository {
  constructor(private readonly database: Database) {}

  /**
   * Staff who cannot sign in yet (no password), with their account and site: active or on leave (people
   * come back), not those who have left. By site, then name.
   */
  async awaitingPassword(site?: string): Promise<StaffMember[]> {
    const rows = await this.database.rows(
      sql`SELECT ${STAFF_COLUMNS}, ${ACCOUNT_COLUMNS}, ${SITE_COLUMNS}
            FROM staff s JOIN accounts a ON a.id = s.account_id JOIN sites si ON si.id = s.site_id
           WHERE ${AWAITING_PASSWORD} ${site ? sql`AND si.code = ${site}` : empty}
           ORDER BY si.code, s.last_name, s.first_name, s.id`,
    );
    return rows.map(toStaffMember);
  }

  async countAwaitingPassword(): Promise<number> {
    const row = await this.database.row<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM staff s JOIN accounts a ON a.id = s.account_id WHERE ${AWAITING_PASSWORD}`,
    );
    return row?.n ?? 0;
  }

  /** With their account and site. */
  async findByEmployeeId(employeeId: string): Promise<StaffMember | null> {
    const row = await this.database.row(
      sql`SELECT ${STAFF_COLUMNS}, ${ACCOUNT_COLUMNS}, ${SITE_COLUMNS}
            FROM staff s JOIN accounts a ON a.id = s.account_id JOIN sites si ON si.id = s.site_id
           WHERE s.employee_id = ${employeeId}`,
    );
    return row ? toStaffMember(row) : null;
  }

  /** With their site. */
  async findByAccountId(accountId: number): Promise<StaffMember | null> {
    const row = await this.database.row(
      sql`SELECT ${STAFF_COLUMNS}, ${SITE_COLUMNS} FROM staff s JOIN sites si ON si.id = s.site_id
           WHERE s.account_id = ${accountId}`,
    );
    return row ? toStaffMember(row) : null;
  }

  async findPage(filters: StaffFilters): Promise<{ items: StaffListItem[]; total: number }> {
    const conditions: Sql[] = [];
    if (filters.site) conditions.push(sql`si.code = ${filters.site}`);
    if (filters.role) conditions.push(sql`s.job_role = ${filters.role.toLowerCase()}`);
    if (filters.status) conditions.push(sql`s.status = ${filters.status}`);
    if (filters.q) {
      const like = `%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const columns = ['s.first_name', 's.last_name', 'a.email', 's.employee_id'];
      const matches = columns.map((column) => sql`LOWER(${raw(column)}) LIKE ${like} ESCAPE '\\'`);
      conditions.push(sql`(${join(matches, ' OR ')})`);
    }
    const from = sql`FROM staff s JOIN accounts a ON a.id = s.account_id JOIN sites si ON si.id = s.site_id
                     ${conditions.length ? sql`WHERE ${join(conditions, ' AND ')}` : empty}`;
    const items = await this.database.rows<StaffListItem>(
      sql`SELECT s.employee_id, s.first_name, s.last_name, a.email, si.code AS site_code, si.name AS site_name,
                 s.job_role, s.hire_date, s.status
          ${from}
          ORDER BY s.last_name, s.first_name, s.id
          LIMIT ${filters.pageSize} OFFSET ${(filters.page - 1) * filters.pageSize}`,
    );
    const count = await this.database.row<{ n: number }>(sql`SELECT COUNT(*) AS n ${from}`);
    return { items, total: count?.n ?? 0 };
  }
}
