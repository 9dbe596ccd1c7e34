import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config.js';
import { type ClaimedMessage, MailRepository } from './mail.repository.js';
import { classify, describe, type Failure, MAX_ATTEMPTS, outageDelayMs, retryDelayMs } from './mail-rules.js';

/** How often the sender looks for due mail while there is none. */
const POLL_MS = 1_000;
/** Messages taken at a time; the pool sends them over up to CONNECTIONS connections. */
const BATCH = 20;
const CONNECTIONS = 3;
/** How long a message taken stays this sender's: another instance takes it after that (a crash). */
const LEASE_MS = 120_000;

/**
 * Delivers the outbox through SMTP_URL, in the server only (commands never send). A message sent is
 * marked so; a refusal (5xx) fails it for an admin to see and retry; a temporary one (4xx) is retried
 * later with backoff; an outage (no mail server) pauses the sender and costs the messages nothing.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transport?: Transporter;
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;
  private started = false;
  private outages = 0;

  constructor(
    private readonly mail: MailRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const url = this.config.mail.smtpUrl;
    if (!url) return;
    this.transport = createTransport(
      {
        url,
        pool: true,
        maxConnections: CONNECTIONS,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
        // Its logger would print the server's replies and the credentials' user: off.
        logger: false,
        debug: false,
      },
      { from: this.config.mail.from },
    );
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    this.transport?.close();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.send()
        .catch((error: unknown) => {
          // The database is unavailable: the messages wait where they are.
          this.logger.warn(`Mail is waiting: ${(error as Error).message}`);
          return POLL_MS * 5;
        })
        .then((next) => this.schedule(next));
    }, ms);
  }

  /** One round; how long to wait before the next. */
  private async send(): Promise<number> {
    if (!this.started) {
      // Held messages were waiting for a mail server; on SQLite this process is the only sender, so
      // leases left over are a crashed run's (PostgreSQL lets them expire: another instance may be alive).
      const held = await this.mail.releaseHeld();
      if (held > 0) this.logger.log(`${held} held message${held === 1 ? '' : 's'} will now be sent`);
      if (this.config.database.kind === 'sqlite') await this.mail.releaseAllLeases();
      this.started = true;
    }
    const now = new Date();
    const batch = await this.mail.claim(now, new Date(now.getTime() + LEASE_MS), BATCH);
    const results = await Promise.all(batch.map((message) => this.deliver(message, now)));
    const unreached = batch.filter((_, index) => results[index] === 'outage').map((message) => message.id);
    if (unreached.length > 0) {
      await this.mail.release(unreached);
      this.outages += 1;
      const wait = outageDelayMs(this.outages);
      if (this.outages === 1 || wait === outageDelayMs(Infinity))
        this.logger.warn(`The mail server cannot be reached; ${unreached.length} message(s) wait`);
      return wait;
    }
    if (this.outages > 0) this.logger.log('The mail server answers again');
    this.outages = 0;
    return batch.length === BATCH ? 0 : POLL_MS;
  }

  /** Sends one message and records what became of it; 'outage' leaves it for the caller to release. */
  private async deliver(message: ClaimedMessage, now: Date): Promise<'done' | 'outage'> {
    if (message.discardAfter && message.discardAfter.getTime() < now.getTime()) {
      await this.mail.discard(message.id);
      return 'done';
    }
    if (!this.transport || message.textBody === null) return 'outage';
    try {
      await this.transport.sendMail({
        messageId: message.messageId,
        to: message.toAddress,
        subject: message.subject,
        text: message.textBody,
        html: message.htmlBody ?? undefined,
      });
    } catch (error) {
      return this.failed(message, error as { code?: string; responseCode?: number; message?: string });
    }
    await this.mail.markSent(message.id, new Date());
    return 'done';
  }

  private async failed(
    message: ClaimedMessage,
    error: { code?: string; responseCode?: number; message?: string },
  ): Promise<'done' | 'outage'> {
    const kind: Failure = classify(error);
    if (kind === 'outage') return 'outage';
    const reason = describe(error);
    const attempts = message.attempts + 1;
    if (kind === 'permanent' || attempts >= MAX_ATTEMPTS) {
      this.logger.warn(`Message ${message.id} failed after ${attempts} attempt(s): ${reason}`);
      await this.mail.markFailed(message.id, reason);
    } else {
      await this.mail.retryLater(message.id, reason, new Date(Date.now() + retryDelayMs(attempts)));
    }
    return 'done';
  }
}
