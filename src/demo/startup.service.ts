import { Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { DEMO_SEEDED, SettingsService } from '../database/settings.service.js';
import { Account } from '../identity/account.entity.js';
import { AccountsService } from '../identity/accounts.service.js';
import { SessionsService } from '../identity/sessions.service.js';
import { hashPassword } from '../identity/secrets.js';
import { RosterImportService } from '../staff/roster-import.service.js';
import { StaffMember } from '../staff/staff-member.entity.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoRoster } from './demo-roster.js';
import { inTransaction } from '../database/transactions.js';
import { momentNow } from '../common/clock.js';
import { StartupGate } from '../common/startup-gate.js';
import { ProgressService } from '../learning/progress.service.js';
import { seedDemoProgress } from './demo-progress.js';

/** Start-up tasks: expired sessions removed, the bootstrap admin, and the demo district on an empty database. */
@Injectable()
export class StartupService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Startup');

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly importer: RosterImportService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly progress: ProgressService,
    @Optional() private readonly gate?: StartupGate,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // After the courses load (the demo district is assigned them): in the server, once listening.
    if (this.gate) this.gate.add('Start-up tasks', () => this.run());
    else await this.run();
  }

  private async run(): Promise<void> {
    await this.sessions.purgeExpired();
    if (this.config.adminEmail && this.config.adminPassword) {
      await this.accounts.ensureBootstrapAdmin(this.config.adminEmail, this.config.adminPassword);
    }
    if (this.config.demo) await this.seedDemo();
  }

  private async seedDemo(): Promise<void> {
    const seeded = await this.settings.get(DEMO_SEEDED);
    if (!seeded && (await this.dataSource.getRepository(StaffMember).count()) === 0) {
      const roster = demoRoster();
      const result = await this.importer.apply(roster, { sync: false, dryRun: false, source: 'demo' }, null);
      if (!result.ok)
        throw new Error(`The demo roster is invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
      const done = await seedDemoProgress(this.dataSource, this.progress, momentNow(this.config));
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      await inTransaction(this.dataSource, async (manager) => {
        for (const demo of DEMO_ACCOUNTS) {
          await manager
            .getRepository(Account)
            .update({ email: demo.email }, { roles: [...demo.roles], passwordHash });
        }
        await this.settings.set(DEMO_SEEDED, new Date().toISOString(), manager);
        await this.audit.record(null, { action: 'demo.seed', target: 'demo district' }, manager);
      });
      this.logger.log(
        `Seeded the demo district: ${roster.length} staff at 12 sites, ${done.completed} courses completed and ` +
          `${done.started - done.completed} under way (set HEARTH_DEMO=false for a real district)`,
      );
    }
    if (await this.settings.get(DEMO_SEEDED)) {
      this.logger.log(
        `Demo sign-ins (password for each: ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => `${a.roles.at(-1)} ${a.email}`).join(', ')}`,
      );
    }
  }
}
