import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { GRANTED_ROLES } from '../identity/roles.js';
import { hrefWith } from '../web/href.js';
import { isolate } from '../web/isolate.js';
import { checkPageForm } from '../web/page-form.js';
import { StaffQueryDto } from './dto/staff-query.dto.js';
import { STAFF_STATUSES, type StaffStatus } from './staff-member.entity.js';
import type { SortOrder, StaffListItem, StaffSort } from './staff.repository.js';
import { StaffService } from './staff.service.js';

export const STAFF_STATUS_WORDS: Record<StaffStatus, string> = {
  active: 'Active',
  leave: 'On leave',
  inactive: 'Inactive',
};

const HEARTH_ROLE_WORDS: Record<(typeof GRANTED_ROLES)[number], string> = {
  trainer: 'Trainers',
  hr: 'HR',
  admin: 'Admins',
};

const PAGE_SIZE = 50;

/** A column header: a link that sorts by it (ascending, or descending when it is sorted ascending). */
export interface SortHeader {
  label: string;
  href: string;
  ariaSort: 'ascending' | 'descending' | null;
  /** What following the link does, for a screen reader ("sort Z to A"). */
  next: string;
}

/**
 * A page that finds staff with GET filters (HR's staff list, the admin's people): the form checked
 * with the API's own DTO, one StaffService query, sort headers and pager links that keep every filter.
 * Works without JavaScript: every choice is a link or a GET form.
 */
@Injectable()
export class StaffSearchPage {
  constructor(
    private readonly staff: StaffService,
    private readonly config: AppConfig,
  ) {}

  async find(path: string, raw: Record<string, unknown>, options: { access: boolean }) {
    // A bad value is left out and named above the list, rather than costing the whole page.
    const { form, errors } = await checkPageForm(StaffQueryDto, raw, {
      q: 'The search',
      site: 'The site',
      role: 'The job role',
      status: 'The status',
      access: 'The Hearth role',
      sort: 'The sort',
      order: 'The order',
      page: 'The page number',
      pageSize: 'The page size',
    });
    form.page ??= 1;
    const q = form.q?.trim() ?? '';
    const sort: StaffSort = form.sort ?? 'name';
    const order: SortOrder = form.order ?? 'asc';
    const access = options.access ? form.access : undefined;
    const [found, sites] = await Promise.all([
      this.staff.findPage({ ...form, q: q || undefined, access, sort, order, pageSize: PAGE_SIZE }),
      this.staff.sites(),
    ]);
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    if (form.page > pages) errors.push(`There is no page ${form.page}: the list has ${pages}.`);
    const kept = { q, site: form.site, role: form.role, status: form.status, access };
    const link = (params: { sort: StaffSort; order: SortOrder; page?: number }) =>
      hrefWith(path, {
        ...kept,
        sort: params.sort === 'name' ? undefined : params.sort,
        order: params.order === 'asc' ? undefined : params.order,
        page: params.page && params.page > 1 ? params.page : undefined,
      });
    const header = (key: StaffSort, label: string): SortHeader => {
      const sorted = key === sort;
      const nextOrder: SortOrder = sorted && order === 'asc' ? 'desc' : 'asc';
      return {
        label,
        href: link({ sort: key, order: nextOrder }),
        ariaSort: sorted ? (order === 'asc' ? 'ascending' : 'descending') : null,
        next: nextOrder === 'asc' ? 'sort ascending' : 'sort descending',
      };
    };
    const filtered = Boolean(q || form.site || form.role || form.status || access);
    return {
      errors,
      q,
      filtered,
      filters: {
        sort: sort === 'name' ? null : sort,
        order: order === 'asc' ? null : order,
        sites: sites.map((site) => ({
          value: site.code,
          label: `${isolate(site.name)} (${site.code})`,
          selected: site.code === form.site,
        })),
        roles: this.config.jobRoles.map((role) => ({
          value: role.id,
          label: role.label,
          selected: role.id === form.role,
        })),
        statuses: STAFF_STATUSES.map((value) => ({
          value,
          label: STAFF_STATUS_WORDS[value],
          selected: value === form.status,
        })),
        access: options.access
          ? GRANTED_ROLES.map((value) => ({
              value,
              label: HEARTH_ROLE_WORDS[value],
              selected: value === access,
            }))
          : null,
      },
      headers: {
        name: header('name', 'Name'),
        employeeId: header('employeeId', 'Employee id'),
        site: header('site', 'Site'),
        role: header('role', 'Job role'),
        status: header('status', 'Status'),
      },
      total: found.total,
      people: found.items.map((item: StaffListItem) => ({
        ...item,
        role: this.config.roleLabel(item.jobRole),
        statusWords: STAFF_STATUS_WORDS[item.status],
        hearthRoles: item.roles.join(', '),
      })),
      page: form.page,
      pages,
      previousHref: form.page > 1 ? link({ sort, order, page: Math.min(form.page - 1, pages) }) : null,
      nextHref: form.page < pages ? link({ sort, order, page: form.page + 1 }) : null,
    };
  }
}
