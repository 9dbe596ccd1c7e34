import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import type { Account } from '../identity/account.entity.js';
import type { Acting } from '../identity/grants.js';
import { InvitationsService } from '../identity/invitations.service.js';
import type { StaffMember } from './staff-member.entity.js';
import { StaffRepository } from './staff.repository.js';

/** People invited per transaction: a crash loses at most this many, and a re-run invites them. */
const CHUNK = 200;

export interface Invited {
  person: StaffMember;
  url: string;
  expiresAt: Date;
}

/**
 * "Invite everyone who cannot sign in yet": a one-time link for each staff member without a password
 * whom `by` may invite (the command line and HR: learners only), made exactly as one person's is, each
 * audited, and mailed when asked.
 */
@Injectable()
export class BulkInvitationsService {
  constructor(
    private readonly database: Database,
    private readonly staff: StaffRepository,
    private readonly invitations: InvitationsService,
  ) {}

  /** Who would be invited, and how many cannot be (their roles are an admin's to invite). */
  async waiting(by: Acting, site?: string): Promise<{ people: StaffMember[]; skipped: number }> {
    const waiting = await this.staff.awaitingPassword(site);
    const people = waiting.filter((person) => this.invitations.mayInvite(person.account as Account, by));
    return { people, skipped: waiting.length - people.length };
  }

  /** Invites `people` in order; `each` sees every link once it is committed. */
  async invite(
    people: StaffMember[],
    by: Acting,
    send: boolean,
    each: (invited: Invited, done: number) => Promise<void> | void = () => undefined,
  ): Promise<number> {
    for (let start = 0; start < people.length; start += CHUNK) {
      const chunk = people.slice(start, start + CHUNK);
      const links = await this.database.transaction(async () => {
        const made: Invited[] = [];
        for (const person of chunk) {
          const link = await this.invitations.create(
            person.account as Account,
            by,
            `employee ${person.employeeId}`,
            send ? { firstName: person.firstName } : undefined,
          );
          made.push({ person, url: link.url, expiresAt: link.expiresAt });
        }
        return made;
      });
      for (const [index, invited] of links.entries()) await each(invited, start + index + 1);
    }
    return people.length;
  }
}
