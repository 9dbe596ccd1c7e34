import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { todayIso } from '../common/clock.js';
import { StartupGate } from '../common/startup-gate.js';
import { AppConfig } from '../config/app-config.js';
import { type RunResult, RemindersService } from './reminders.service.js';

/** How often the server looks whether the day's reminders are due. */
const CHECK_MS = 60_000;

/** One line for the log (and the command line) about a run. */
export function describeRun(result: RunResult): string {
  switch (result.outcome) {
    case 'off':
      return 'Reminders are turned off (HEARTH_REMINDERS=false): nothing was sent';
    case 'already-done':
      return `The reminders for ${result.day} were already sent${result.at ? ` (at ${result.at.toISOString()})` : ''}: nothing sent again`;
    case 'in-progress':
      return `Another run is sending the reminders for ${result.day}: nothing sent by this one`;
    case 'done':
      return (
        `Reminders for ${result.day}: ${result.learnerDigests} learner digest(s) and ` +
        `${result.siteDigests} site digest(s) queued`
      );
  }
}

/**
 * The server's daily run: from HEARTH_REMINDER_HOUR (local time) on, once per day; a server started
 * later in the day runs it then. The claim in the database makes it once per day across restarts and
 * instances; this only decides when to try.
 */
@Injectable()
export class ReminderSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;
  /** The last day this process saw done (by itself or another run). */
  private doneFor?: string;

  constructor(
    private readonly reminders: RemindersService,
    private readonly config: AppConfig,
    @Optional() private readonly gate?: StartupGate,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.reminders.enabled) return;
    // After start-up's work (courses loaded, assignments brought up to date).
    void (this.gate?.whenOpen() ?? Promise.resolve()).then(() => this.schedule(0));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.check().then(() => this.schedule(CHECK_MS));
    }, ms);
  }

  private async check(now = new Date()): Promise<void> {
    const today = todayIso(this.config, now);
    if (this.doneFor === today || now.getHours() < this.config.reminders.hour) return;
    try {
      const result = await this.reminders.run(today);
      if (result.outcome === 'done' || result.outcome === 'already-done') this.doneFor = today;
      if (result.outcome === 'done') this.logger.log(describeRun(result));
    } catch (error) {
      // The database is unavailable, say: the next check tries again, and resumes what was queued.
      this.logger.warn(
        `The reminders for ${today} stopped and will be tried again: ${(error as Error).message}`,
      );
    }
  }
}
