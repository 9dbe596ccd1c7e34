import { Injectable } from '@nestjs/common';
import type { Site } from './site.entity.js';
import type { StaffMember } from './staff-member.entity.js';
import { type StaffFilters, type StaffListItem, StaffRepository } from './staff.repository.js';

/** Finding staff records: for HR's pages and API, and for the signed-in person's own. */
@Injectable()
export class StaffService {
  constructor(private readonly staff: StaffRepository) {}

  /** A page of the roster as filtered, and how many match in all. */
  findPage(filters: StaffFilters): Promise<{ items: StaffListItem[]; total: number }> {
    return this.staff.findPage(filters);
  }

  /** Every site, by name. */
  sites(): Promise<Site[]> {
    return this.staff.sites();
  }

  byEmployeeId(employeeId: string): Promise<StaffMember | null> {
    return this.staff.findByEmployeeId(employeeId);
  }

  /** The staff record behind a signed-in account (none for, say, the bootstrap admin). */
  byAccountId(accountId: number): Promise<StaffMember | null> {
    return this.staff.findByAccountId(accountId);
  }

  /** How many people on the roster have no password yet (they need a sign-in link). */
  countAwaitingPassword(): Promise<number> {
    return this.staff.countAwaitingPassword();
  }
}
