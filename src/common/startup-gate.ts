import { Global, Injectable, Logger, Module, SetMetadata } from '@nestjs/common';

/** Marks a route that answers while start-up catch-up work still runs (the health check). */
export const ANSWERS_DURING_STARTUP = 'hearth:answersDuringStartup';
export const AnswersDuringStartup = () => SetMetadata(ANSWERS_DURING_STARTUP, true);

/**
 * Catch-up work that need not delay the first answer to /api/health (e.g. the start-up assignment
 * sync). It runs once the server listens; until it has finished, every other request waits for it, so
 * nothing observable changes but the time to the first healthy answer.
 */
@Injectable()
export class StartupGate {
  private readonly logger = new Logger('Startup');
  private readonly tasks: { name: string; run: () => Promise<unknown> }[] = [];
  private release!: () => void;
  private readonly done = new Promise<void>((resolve) => (this.release = resolve));
  private open = false;

  /** Work to run after listening; its failure is logged (the next scheduled run retries) and opens the gate. */
  add(name: string, run: () => Promise<unknown>): void {
    this.tasks.push({ name, run });
  }

  /** True once the catch-up work is done: requests no longer wait. */
  get isOpen(): boolean {
    return this.open;
  }

  whenOpen(): Promise<void> {
    return this.done;
  }

  /**
   * Runs the queued work one task after another, then lets requests through. `exclusively` wraps it
   * all, so instances starting together on one database do it one at a time (the later ones find it
   * done: every task is a catch-up that is safe to repeat).
   */
  async start(exclusively: (work: () => Promise<void>) => Promise<void> = (work) => work()): Promise<void> {
    try {
      await exclusively(() => this.runTasks());
    } catch (error) {
      // The lock itself could not be had (the database is away): the scheduled runs catch up later.
      this.logger.error(`Start-up work could not run: ${(error as Error).message}`);
    }
    this.open = true;
    this.release();
  }

  private async runTasks(): Promise<void> {
    for (const task of this.tasks) {
      // A turn of the event loop first: a health check already waiting is answered before the work.
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        await task.run();
      } catch (error) {
        this.logger.error(`${task.name} failed at start-up: ${(error as Error).message}`);
      }
    }
  }
}

@Global()
@Module({ providers: [StartupGate], exports: [StartupGate] })
export class StartupGateModule {}
