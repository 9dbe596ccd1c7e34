import { Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { DEMO_SEEDED, SettingsService } from '../database/settings.service.js';
import { Account } from '../identity/account.entity.js';
import { AccountsService } from '../identity/accounts.service.js';
import { Session } from '../identity/session.entity.js';
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
    else await this.closeDemoSignIns();
  }

  private async seedDemo(): Promise<void> {
    const seeded = await this.settings.get(DEMO_SEEDED);
    if (!seeded && (await this.dataSource.getRepository(StaffMember).count()) === 0) {
      const roster = demoRoster();
      const result = await this.importer.apply(roster, { sync: false, dryRun: false, source: 'demo' }, null);
      if (!result.ok)
        throw new Error(`The demo roster is invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
      const done = await seedDemoProgress(this.dataSource, this.progress, momentNow(this.config));
      await inTransaction(this.dataSource, async (manager) => {
        for (const demo of DEMO_ACCOUNTS) {
          await manager.getRepository(Account).update({ email: demo.email }, { roles: [...demo.roles] });
        }
        await this.settings.set(DEMO_SEEDED, new Date().toISOString(), manager);
        await this.audit.record(null, { action: 'demo.seed', target: 'demo district' }, manager);
      });
      this.logger.log(
        `Seeded the demo district: ${roster.length} staff at 12 sites, ${done.completed} courses completed and ` +
          `${done.started - done.completed} under way (set HEARTH_DEMO=false for a real district)`,
      );
    }
    if (!(await this.settings.get(DEMO_SEEDED))) return;
    // The demo accounts sign in with the published password while the demo is on (again, if it was off).
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await inTransaction(this.dataSource, (manager) =>
      manager
        .getRepository(Account)
        .update(
          { email: In(DEMO_ACCOUNTS.map((demo) => demo.email)), passwordHash: IsNull() },
          { passwordHash },
        ),
    );
    // The password is in the README and on the sign-in page; a log that is kept never holds it.
    this.logger.log(
      `Demo district: sign in as ${DEMO_ACCOUNTS.map((a) => `${a.email} (${a.roles.at(-1)})`).join(', ')}; ` +
        'the demo password is on the sign-in page',
    );
  }

  /**
   * With the demo off, a database that holds the demo district keeps its sample people, but its
   * accounts, whose password is published, can no longer sign in.
   */
  private async closeDemoSignIns(): Promise<void> {
    if (!(await this.settings.get(DEMO_SEEDED))) return;
    const emails = DEMO_ACCOUNTS.map((demo) => demo.email);
    const open = await this.dataSource
      .getRepository(Account)
      .find({ where: { email: In(emails), passwordHash: Not(IsNull()) } });
    if (open.length === 0) return;
    await inTransaction(this.dataSource, async (manager) => {
      const ids = open.map((account) => account.id);
      await manager.getRepository(Account).update({ id: In(ids) }, { passwordHash: null });
      await manager.getRepository(Session).delete({ accountId: In(ids) });
      await this.audit.record(
        null,
        {
          action: 'demo.sign-ins-closed',
          target: 'demo district',
          details: { emails: open.map((a) => a.email) },
        },
        manager,
      );
    });
    this.sessions.forgetAccounts(open.map((account) => account.id));
    this.logger.warn(
      'This database holds the demo district, and HEARTH_DEMO is off: its demo accounts can no longer sign in',
    );
  }
}
