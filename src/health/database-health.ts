import { Injectable, Logger } from '@nestjs/common';
import { SettingsService } from '../database/settings.service.js';
import { databaseUnavailable } from '../database/unavailable.js';

/** A probe's answer is reused for this long, so health checks however frequent cost one write a second. */
const PROBE_EVERY_MS = 1000;
/** A probe that has not finished by then (its turn never came) counts as failed. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * Whether the database accepts writes, found by making one: a row of `settings` stamped with the time.
 * Answering a read (SELECT 1) proved nothing: a read-only or full database, or one whose files cannot be
 * written, answers reads while every sign-in fails. On SQLite only a commit writes the log, so the probe
 * commits; a write of its own, it takes its turn with the other writes.
 */
@Injectable()
export class DatabaseHealth {
  private readonly logger = new Logger('Database');
  private last?: { at: number; problem?: string };
  private running?: Promise<string | undefined>;

  constructor(private readonly settings: SettingsService) {}

  /** Undefined when the database accepts writes, else why it does not (short, for the health answer). */
  problem(): Promise<string | undefined> {
    if (this.last && Date.now() - this.last.at < PROBE_EVERY_MS) return Promise.resolve(this.last.problem);
    this.running ??= this.probe().finally(() => (this.running = undefined));
    return this.running;
  }

  private async probe(): Promise<string | undefined> {
    let problem: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const write = this.settings.set('health_checked_at', new Date().toISOString());
      const late = new Promise<never>((_, fail) => {
        timer = setTimeout(
          () => fail(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)),
          PROBE_TIMEOUT_MS,
        );
      });
      await Promise.race([write, late]);
    } catch (error) {
      const code = databaseUnavailable(error);
      const message = error instanceof Error ? error.message : String(error);
      problem = `The database does not accept writes (${code ?? message})`;
      if (this.last?.problem === undefined) this.logger.error(`${problem}: ${message}`);
    } finally {
      clearTimeout(timer);
    }
    if (!problem && this.last?.problem) this.logger.log('The database accepts writes again');
    this.last = { at: Date.now(), problem };
    return problem;
  }
}
