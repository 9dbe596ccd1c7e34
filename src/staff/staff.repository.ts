import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import type { Row } from '../database/rows.js';
import { empty, join, raw, sql, type Sql } from '../database/sql.js';
import { type Role, rolesTransformer } from '../identity/roles.js';
import { containsPattern, searchWords } from '../common/search-text.js';
import type { Site } from './site.entity.js';
import type { StaffMember, StaffStatus } from './staff-member.entity.js';

/** The columns the staff list sorts by. */
export const STAFF_SORTS = ['name', 'employeeId', 'site', 'role', 'status'] as const;
export type StaffSort = (typeof STAFF_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

export interface StaffFilters {
  site?: string;
  /** Job role. */
  role?: string;
  status?: StaffStatus;
  /** A Hearth role the account holds (trainer, hr, admin). */
  access?: Role;
  q?: string;
  /** Default: by name (last, first), accents and case aside. */
  sort?: StaffSort;
  order?: SortOrder;
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
  accountId: number;
  /** The account's Hearth roles. */
  roles: Role[];
}

/**
 * ORDER BY for a sort, by the page's output columns: the column, then the name and id, all in one
 * direction, so every order is total (paging shows everyone once). `search_text` is the last name, first
 * name and employee id folded, so "by name" ignores accents and case.
 */
function orderBy(sort: StaffSort, order: SortOrder): Sql {
  const direction = raw(order === 'desc' ? 'DESC' : 'ASC');
  const first: Record<StaffSort, Sql | null> = {
    name: null,
    employeeId: sql`employee_id ${direction}, `,
    site: sql`site_name ${direction}, site_code ${direction}, `,
    role: sql`job_role ${direction}, `,
    status: sql`status ${direction}, `,
  };
  return sql`${first[sort] ?? empty}search_text ${direction}, staff_id ${direction}`;
}

const STAFF_COLUMNS = raw(
  's.id, s.employee_id, s.account_id, s.first_name, s.last_name, s.search_text, s.site_id, s.job_role, ' +
    's.hire_date, s.status, s.changed_on, s.created_at, s.updated_at',
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
    searchText: row.searchText as string,
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

  /**
   * How many staff cannot sign in yet, counted up to `upTo` (at most `upTo` + 1 comes back): a page
   * needs "more than 1,000", and at 200,000 staff counting everyone took a third of a second.
   */
  async countAwaitingPassword(upTo: number): Promise<number> {
    const row = await this.database.row<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM (SELECT 1 FROM staff s JOIN accounts a ON a.id = s.account_id
                                     WHERE ${AWAITING_PASSWORD} LIMIT ${upTo + 1}) t`,
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

  /**
   * A page of staff as filtered and sorted, and how many match in all. The search matches each word
   * typed against the stored search text (names, employee id and e-mail, accents and case aside). Every
   * condition is on the staff row itself (no function per row), and one statement finds the page and
   * the total (`Database.page`).
   */
  async findPage(filters: StaffFilters): Promise<{ items: StaffListItem[]; total: number }> {
    const conditions: Sql[] = [];
    if (filters.site) conditions.push(sql`s.site_id = (SELECT id FROM sites WHERE code = ${filters.site})`);
    if (filters.role) conditions.push(sql`s.job_role = ${filters.role.toLowerCase()}`);
    if (filters.status) conditions.push(sql`s.status = ${filters.status}`);
    if (filters.access)
      conditions.push(
        sql`s.account_id IN (SELECT id FROM accounts WHERE roles LIKE ${containsPattern(filters.access)} ESCAPE '\\')`,
      );
    for (const word of searchWords(filters.q ?? ''))
      conditions.push(sql`s.search_text LIKE ${containsPattern(word)} ESCAPE '\\'`);
    const where = conditions.length ? sql`WHERE ${join(conditions, ' AND ')}` : empty;
    const { rows, total } = await this.database.page<
      Omit<StaffListItem, 'roles'> & { roles: string; searchText: string; staffId: number }
    >(
      sql`SELECT s.id AS staff_id, s.employee_id, s.first_name, s.last_name, s.search_text, a.email,
                 si.code AS site_code, si.name AS site_name, s.job_role, s.hire_date, s.status,
                 a.id AS account_id, a.roles
            FROM staff s JOIN accounts a ON a.id = s.account_id JOIN sites si ON si.id = s.site_id
          ${where}`,
      orderBy(filters.sort ?? 'name', filters.order ?? 'asc'),
      filters.pageSize,
      (filters.page - 1) * filters.pageSize,
    );
    return {
      items: rows.map(({ searchText: _, staffId: __, ...row }) => ({
        ...row,
        roles: rolesTransformer.from(row.roles),
      })),
      total,
    };
  }

  /** Every site, by name (for the filters). */
  sites(): Promise<Site[]> {
    return this.database.rows<Site>(sql`SELECT id, code, name FROM sites ORDER BY name, code`);
  }
}
