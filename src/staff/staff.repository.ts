import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, type DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { Account } from '../identity/account.entity.js';
import { Site } from './site.entity.js';
import { StaffMember, type StaffStatus } from './staff-member.entity.js';

/** SQLite binds at most 32,766 values per statement; PostgreSQL 65,535. Rows per bulk statement: */
export const CHUNK_ROWS = 1000;

/** YYYY-MM-DD from a raw `date` value of either driver. */
export function dateOnly(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

export function chunks<T>(items: T[], size = CHUNK_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

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

const AWAITING_PASSWORD = (site?: string) => ({
  status: In(['active', 'leave']),
  account: { passwordHash: IsNull() },
  ...(site ? { site: { code: site } } : {}),
});

@Injectable()
export class StaffRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async loadRosterState(manager: EntityManager = this.dataSource.manager): Promise<RosterStateRow[]> {
    const rows = await manager
      .createQueryBuilder(StaffMember, 's')
      .innerJoin(Account, 'a', 'a.id = s.account_id')
      .select([
        's.id AS id',
        's.employee_id AS "employeeId"',
        's.account_id AS "accountId"',
        's.first_name AS "firstName"',
        's.last_name AS "lastName"',
        'a.email AS email',
        's.site_id AS "siteId"',
        's.job_role AS "jobRole"',
        's.hire_date AS "hireDate"',
        's.status AS status',
        's.changed_on AS "changedOn"',
      ])
      .getRawMany<RosterStateRow>();
    // Raw rows: SQLite gives `date` columns as text, node-postgres as a Date at local midnight.
    return rows.map((row) => ({
      ...row,
      id: Number(row.id),
      accountId: Number(row.accountId),
      siteId: Number(row.siteId),
      hireDate: dateOnly(row.hireDate as string | Date),
      changedOn: row.changedOn ? dateOnly(row.changedOn as string | Date) : null,
    }));
  }

  /** Every account's id by email (to spot an email that already belongs to someone else). */
  /** Every account's id and roles, by e-mail. */
  async accountsByEmail(
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, Pick<Account, 'id' | 'roles'>>> {
    const rows = await manager
      .getRepository(Account)
      .find({ select: { id: true, email: true, roles: true } });
    return new Map(rows.map((row) => [row.email, { id: row.id, roles: row.roles }]));
  }

  async sitesByCode(manager: EntityManager = this.dataSource.manager): Promise<Map<string, Site>> {
    const sites = await manager.getRepository(Site).find();
    return new Map(sites.map((site) => [site.code, site]));
  }

  /**
   * Staff who cannot sign in yet (no password), with their account and site: active or on leave (people
   * come back), not those who have left. By site, then name.
   */
  awaitingPassword(site?: string): Promise<StaffMember[]> {
    return this.dataSource.getRepository(StaffMember).find({
      where: AWAITING_PASSWORD(site),
      relations: { account: true, site: true },
      order: { site: { code: 'ASC' }, lastName: 'ASC', firstName: 'ASC' },
    });
  }

  countAwaitingPassword(): Promise<number> {
    return this.dataSource
      .getRepository(StaffMember)
      .count({ where: AWAITING_PASSWORD(), relations: { account: true } });
  }

  findByEmployeeId(employeeId: string): Promise<StaffMember | null> {
    return this.dataSource
      .getRepository(StaffMember)
      .findOne({ where: { employeeId }, relations: { account: true, site: true } });
  }

  findByAccountId(accountId: number): Promise<StaffMember | null> {
    return this.dataSource
      .getRepository(StaffMember)
      .findOne({ where: { accountId }, relations: { site: true } });
  }

  async findPage(filters: StaffFilters): Promise<{ items: StaffListItem[]; total: number }> {
    const query = this.dataSource
      .getRepository(StaffMember)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.account', 'a')
      .innerJoinAndSelect('s.site', 'site');
    if (filters.site) query.andWhere('site.code = :site', { site: filters.site });
    if (filters.role) query.andWhere('s.job_role = :role', { role: filters.role.toLowerCase() });
    if (filters.status) query.andWhere('s.status = :status', { status: filters.status });
    if (filters.q) {
      const like = `%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere(
        new Brackets((where) => {
          for (const column of ['s.first_name', 's.last_name', 'a.email', 's.employee_id']) {
            where.orWhere(`LOWER(${column}) LIKE :like ESCAPE '\\'`, { like });
          }
        }),
      );
    }
    const [staff, total] = await query
      .orderBy('s.last_name', 'ASC')
      .addOrderBy('s.first_name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .skip((filters.page - 1) * filters.pageSize)
      .take(filters.pageSize)
      .getManyAndCount();
    return {
      total,
      items: staff.map((s) => ({
        employeeId: s.employeeId,
        firstName: s.firstName,
        lastName: s.lastName,
        email: s.account?.email ?? '',
        siteCode: s.site?.code ?? '',
        siteName: s.site?.name ?? '',
        jobRole: s.jobRole,
        hireDate: s.hireDate,
        status: s.status,
      })),
    };
  }
}
