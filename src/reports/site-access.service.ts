import { ForbiddenException, HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { hasRole, type Principal } from '../identity/principal.js';
import type { Site } from '../staff/site.entity.js';
import { type SiteLeader, SiteLeadersRepository } from './site-leaders.repository.js';
import { ReportsRepository } from './reports.repository.js';

/**
 * Who may see a site's report: its leaders, HR and admins. A refusal never tells someone who does not
 * lead a site whether it exists (403 for any code); HR and admins get a 404 for a code that is no site.
 */
@Injectable()
export class SiteAccessService {
  constructor(
    private readonly leaders: SiteLeadersRepository,
    private readonly reports: ReportsRepository,
  ) {}

  /** The sites this account leads, by code. */
  sitesLedBy(accountId: number): Promise<Site[]> {
    return this.leaders.sitesLedBy(accountId);
  }

  /** The sites this person may open: all of them for HR and admins, else those they lead. */
  sitesFor(principal: Principal): Promise<Site[]> {
    return hasRole(principal, 'hr', 'admin') ? this.reports.sites() : this.sitesLedBy(principal.accountId);
  }

  /** The site with this code if this person may see it; 403 or 404 (as above) otherwise. */
  async siteFor(principal: Principal, siteCode: string): Promise<Site> {
    if (hasRole(principal, 'hr', 'admin')) {
      const site = await this.leaders.siteByCode(siteCode);
      if (!site) throw new NotFoundException(`No site with the code ${siteCode}`);
      return site;
    }
    const led = (await this.sitesLedBy(principal.accountId)).find((site) => site.code === siteCode);
    if (!led) throw new ForbiddenException("A site's report is for its leaders, HR and admins");
    return led;
  }

  /** Whether this person may see this site's report. */
  async canSee(principal: Principal, siteCode: string): Promise<boolean> {
    try {
      await this.siteFor(principal, siteCode);
      return true;
    } catch (error) {
      if (error instanceof HttpException) return false;
      throw error;
    }
  }

  /** Every active leader of every site (one query), for the leaders' digest. */
  leadersOfSites(): Promise<SiteLeader[]> {
    return this.leaders.leadersOfSites();
  }
}
