import { Global, Injectable, Module } from '@nestjs/common';

/** Which courses one account may open; null: no limit from this rule. */
type Limit = (accountId: number, community: boolean) => Promise<ReadonlySet<string> | null>;

/**
 * Which published courses a signed-in account may read in the catalog (`/api/courses` and its modules).
 * Staff read every one; a rule registered by a capability that knows better narrows it (community
 * learners: their cohort's courses only). The courses module asks without depending on who registers.
 */
@Injectable()
export class CourseReach {
  private readonly limits: Limit[] = [];

  limit(rule: Limit): void {
    this.limits.push(rule);
  }

  /** The course ids this account may read, or null for all of them. */
  async of(accountId: number, community: boolean): Promise<ReadonlySet<string> | null> {
    for (const rule of this.limits) {
      const allowed = await rule(accountId, community);
      if (allowed) return allowed;
    }
    return null;
  }
}

@Global()
@Module({ providers: [CourseReach], exports: [CourseReach] })
export class CourseReachModule {}
