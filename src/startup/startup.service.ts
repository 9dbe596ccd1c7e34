import { Injectable, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { StartupGate } from '../common/startup-gate.js';
import { AppConfig } from '../config/app-config.js';
import { DemoDistrict } from '../demo/demo-district.js';
import { AccountsService } from '../identity/accounts.service.js';
import { SessionsService } from '../identity/sessions.service.js';

/** Start-up tasks: expired sessions removed, the bootstrap admin, and the demo district on an empty database. */
@Injectable()
export class StartupService implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly demo: DemoDistrict,
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
    if (this.config.demo) await this.demo.seed();
    else await this.demo.closeSignIns();
  }
}
