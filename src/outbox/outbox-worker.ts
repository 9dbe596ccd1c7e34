import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { type Delivery, MAX_ATTEMPTS, outageDelayMs, retryDelayMs } from './delivery-rules.js';
import type { Claimed, OutboxQueue } from './outbox-queue.js';

/** How often a sender looks for due items while there are none. */
const POLL_MS = 1_000;
/** How long an item taken stays this sender's: another instance takes it after that (a crash). */
const LEASE_MS = 120_000;
/** How long stopping waits for a round's deliveries; then the items still out go back to the queue. */
const STOP_WAIT_MS = 10_000;

/**
 * The one delivery loop of every outbox, in the server only (commands never send): it claims due items,
 * hands each to `deliver`, and records the outcome. A sent item is marked so; a refusal fails it for an
 * admin to see; a temporary failure is retried later with backoff; an outage (the peer does not answer)
 * pauses the sender and costs the items nothing. Subclasses say what the peer is and how to reach it.
 */
export abstract class OutboxWorker<T extends Claimed>
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  protected readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  /** The items this sender has claimed and not yet settled. */
  private holding: number[] = [];
  private stopped = false;
  private started = false;
  private outages = 0;

  protected constructor(
    name: string,
    /** How logs name the peer: "The mail server". */
    private readonly peer: string,
    private readonly queue: OutboxQueue<T>,
    private readonly database: AppConfig['database'],
    /** Items taken at a time, delivered side by side. */
    private readonly batch: number,
  ) {
    this.logger = new Logger(name);
  }

  /** Opens the connection to the peer; false when none is configured (items stay held). */
  protected abstract open(): boolean;
  /** Delivers one item; it must not throw for the peer's answers, only report them. */
  protected abstract deliver(item: T, now: Date): Promise<Delivery>;
  protected close(): void {}

  onApplicationBootstrap(): void {
    if (this.open()) this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    let wait: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      (this.round ?? Promise.resolve()).then(() => true),
      new Promise<false>((done) => (wait = setTimeout(() => done(false), STOP_WAIT_MS))),
    ]);
    clearTimeout(wait);
    // A peer slow to answer must not hold the stop: what this sender holds is another instance's to take now.
    if (!finished && this.holding.length > 0)
      await this.queue
        .release(this.holding)
        .catch((error: Error) => this.logger.warn(`Claimed items stay leased: ${error.message}`));
    this.close();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.send()
        .catch((error: unknown) => {
          // The database is unavailable: the items wait where they are.
          this.logger.warn(`Delivery is waiting: ${(error as Error).message}`);
          return POLL_MS * 5;
        })
        .then((next) => this.schedule(next));
    }, ms);
  }

  /** One round; how long to wait before the next. */
  private async send(): Promise<number> {
    if (!this.started) {
      // Held items were waiting for a peer; on SQLite this process is the only sender, so leases left
      // over are a crashed run's (PostgreSQL lets them expire: another instance may be alive).
      const held = await this.queue.releaseHeld();
      if (held > 0) this.logger.log(`${held} held item${held === 1 ? '' : 's'} will now be sent`);
      if (this.database.kind === 'sqlite') await this.queue.releaseAllLeases();
      this.started = true;
    }
    const now = new Date();
    const batch = await this.queue.claim(now, new Date(now.getTime() + LEASE_MS), this.batch);
    this.holding = batch.map((item) => item.id);
    const results = await Promise.all(batch.map((item) => this.settle(item, now))).finally(
      () => (this.holding = []),
    );
    const unreached = batch.filter((_, index) => results[index] !== 'done').map((item) => item.id);
    const why = results.find((result): result is { reason?: string } => result !== 'done')?.reason;
    if (unreached.length > 0) {
      await this.queue.release(unreached);
      this.outages += 1;
      const wait = outageDelayMs(this.outages);
      if (this.outages === 1 || wait === outageDelayMs(Infinity))
        this.logger.warn(
          `${this.peer} cannot be reached${why ? ` (${why})` : ''}; ${unreached.length} item(s) wait`,
        );
      return wait;
    }
    if (this.outages > 0) this.logger.log(`${this.peer} answers again`);
    this.outages = 0;
    return batch.length === this.batch ? 0 : POLL_MS;
  }

  /** Delivers one item and records what became of it; an outage leaves it for the round to release. */
  private async settle(item: T, now: Date): Promise<'done' | { reason?: string }> {
    const delivery = await this.deliver(item, now);
    switch (delivery.outcome) {
      case 'outage':
        return { reason: delivery.reason };
      case 'settled':
        return 'done';
      case 'sent':
        await this.queue.markSent(item.id, new Date());
        return 'done';
      case 'permanent':
      case 'temporary': {
        const attempts = item.attempts + 1;
        if (delivery.outcome === 'permanent' || attempts >= MAX_ATTEMPTS) {
          this.logger.warn(`Item ${item.id} failed after ${attempts} attempt(s): ${delivery.reason}`);
          await this.queue.markFailed(item.id, delivery.reason);
        } else {
          await this.queue.retryLater(
            item.id,
            delivery.reason,
            new Date(Date.now() + retryDelayMs(attempts)),
          );
        }
        return 'done';
      }
    }
  }
}
