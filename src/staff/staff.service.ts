import { Injectable } from '@nestjs/common';
import type { Site } from './site.entity.js';
import type { StaffMember } from './staff-member.entity.js';
import { type StaffFilters, type StaffListItem, StaffRepository } from './staff.repository.js';

/** Past this many people without a password, pages say "more than" (no need to count them all). */
const AWAITING_COUNTED = 1000;

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

  /**
   * Who on the roster has no password yet (they need a sign-in link), in words that begin a sentence:
   * "1 person has", "12 people have", "More than 1,000 people have"; null for nobody.
   */
  async awaitingPasswordWords(): Promise<string | null> {
    const n = await this.staff.countAwaitingPassword(AWAITING_COUNTED);
    if (n === 0) return null;
    if (n > AWAITING_COUNTED) return `More than ${AWAITING_COUNTED.toLocaleString('en-US')} people have`;
    return n === 1 ? '1 person has' : `${n.toLocaleString('en-US')} people have`;
  }
}
