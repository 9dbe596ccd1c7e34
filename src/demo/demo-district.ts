import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { momentNow, todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { DEMO_SEEDED, SettingsService } from '../database/settings.service.js';
import { hashPassword } from '../identity/secrets.js';
import { SessionsRepository } from '../identity/sessions.repository.js';
import { addDays } from '../learning/assignment-rules.js';
import { FollowUpsService } from '../learning/followups.service.js';
import { ProgressService } from '../learning/progress.service.js';
import { RemindersService } from '../reminders/reminders.service.js';
import { RosterImportService } from '../staff/roster-import.service.js';
import { TrainingSessionsRepository } from '../sessions/training-sessions.repository.js';
import { ProgramsRepository } from '../programs/programs.repository.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { seedDemoLearner } from './demo-learner.js';
import { CohortsService } from '../cohorts/cohorts.service.js';
import { JoinService } from '../cohorts/join.service.js';
import { seedDemoCommunity } from './demo-community.js';
import { seedDemoProgress } from './demo-progress.js';
import { seedDemoSessions } from './demo-sessions.js';
import { seedDemoSurveys } from './demo-surveys.js';
import { DEMO_PROGRAM_ID, demoCohort, seedDemoProgram } from './demo-programs.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoRoster } from './demo-roster.js';
import { DemoRepository } from './demo.repository.js';

/** The demo district: seeded into an empty database while the demo is on, its sign-ins closed once it is off. */
@Injectable()
export class DemoDistrict {
  private readonly logger = new Logger('Startup');

  constructor(
    private readonly config: AppConfig,
    private readonly database: Database,
    private readonly demo: DemoRepository,
    private readonly importer: RosterImportService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly sessionRows: SessionsRepository,
    private readonly progress: ProgressService,
    private readonly reminders: RemindersService,
    private readonly trainingSessions: TrainingSessionsRepository,
    private readonly programs: ProgramsRepository,
    private readonly catalog: CourseCatalog,
    private readonly followUps: FollowUpsService,
    private readonly cohorts: CohortsService,
    private readonly joins: JoinService,
  ) {}

  /** The demo district on an empty database, and its demo accounts able to sign in. */
  async seed(): Promise<void> {
    const seeded = await this.settings.get(DEMO_SEEDED);
    if (!seeded && !(await this.demo.hasStaff())) {
      const roster = demoRoster();
      const result = await this.importer.apply(roster, { sync: false, dryRun: false, source: 'demo' }, null);
      if (!result.ok)
        throw new Error(`The demo roster is invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
      const done = await seedDemoProgress(this.database, this.progress, momentNow(this.config));
      await seedDemoLearner(this.database, this.progress, this.followUps, momentNow(this.config));
      const surveyed = await seedDemoSurveys(this.database, this.catalog.load.courses);
      const program = this.catalog.load.programs.find((p) => p.id === DEMO_PROGRAM_ID);
      const cohort = program ? demoCohort() : [];
      const sessions = await seedDemoSessions(
        this.database,
        this.trainingSessions,
        momentNow(this.config),
        program ? { id: program.id, people: cohort } : null,
      );
      if (program) await seedDemoProgram(this.programs, program, cohort, momentNow(this.config));
      const partners = await seedDemoCommunity(
        this.cohorts,
        this.joins,
        this.progress,
        this.catalog,
        todayIso(this.config),
      );
      await this.database.transaction(async () => {
        for (const demo of DEMO_ACCOUNTS) await this.demo.setRolesByEmail(demo.email, [...demo.roles]);
        await this.settings.set(DEMO_SEEDED, new Date().toISOString());
        await this.audit.record(null, { action: 'demo.seed', target: 'demo district' });
      });
      // The past week's reminders, as if Hearth had run all week: everyone past due has had their weekly
      // digest, and the site leaders Monday's. Today's is the daily run's.
      let digests = 0;
      for (let back = 7; back >= 1; back--) {
        const result = await this.reminders.run(addDays(todayIso(this.config), -back));
        digests += result.learnerDigests + result.siteDigests;
      }
      this.logger.log(
        `Seeded the demo district: ${roster.length} staff at 12 sites, ${done.completed} courses completed and ` +
          `${done.started - done.completed} under way, ${sessions} facilitated sessions, ${cohort.length} people in a program, ${partners} community partners in a cohort, ` +
          `${surveyed} anonymous survey answers, ${digests} reminders in the outbox ` +
          '(set HEARTH_DEMO=false for a real district)',
      );
    }
    if (!(await this.settings.get(DEMO_SEEDED))) return;
    // The demo accounts sign in with the published password while the demo is on (again, if it was off).
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await this.demo.setMissingPasswords(
      DEMO_ACCOUNTS.map((demo) => demo.email),
      passwordHash,
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
  async closeSignIns(): Promise<void> {
    if (!(await this.settings.get(DEMO_SEEDED))) return;
    const open = await this.demo.withPassword(DEMO_ACCOUNTS.map((demo) => demo.email));
    if (open.length === 0) return;
    const ids = open.map((account) => account.id);
    await this.database.transaction(async () => {
      await this.demo.clearPasswords(ids);
      await this.sessionRows.closeForAccounts(ids);
      await this.audit.record(null, {
        action: 'demo.sign-ins-closed',
        target: 'demo district',
        details: { emails: open.map((a) => a.email) },
      });
    });
    this.logger.warn(
      'This database holds the demo district, and HEARTH_DEMO is off: its demo accounts can no longer sign in',
    );
  }
}
