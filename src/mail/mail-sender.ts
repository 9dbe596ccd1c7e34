import { Injectable } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config.js';
import type { Delivery } from '../outbox/delivery-rules.js';
import { OutboxWorker } from '../outbox/outbox-worker.js';
import { type ClaimedMessage, MailRepository } from './mail.repository.js';
import { classify, describe } from './mail-rules.js';

/** Messages taken at a time; the pool sends them over up to CONNECTIONS connections. */
const BATCH = 20;
const CONNECTIONS = 3;

/**
 * Delivers the outbox through SMTP_URL. A refusal (5xx) fails a message for an admin to see and retry;
 * a temporary one (4xx) is retried later; no mail server at all is an outage.
 */
@Injectable()
export class MailSender extends OutboxWorker<ClaimedMessage> {
  private transport?: Transporter;

  constructor(
    private readonly mail: MailRepository,
    private readonly config: AppConfig,
  ) {
    super('Mail', 'The mail server', mail, config.database, BATCH);
  }

  protected open(): boolean {
    const url = this.config.mail.smtpUrl;
    if (!url) return false;
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
    return true;
  }

  protected override close(): void {
    this.transport?.close();
  }

  protected async deliver(message: ClaimedMessage, now: Date): Promise<Delivery> {
    if (message.discardAfter && message.discardAfter.getTime() < now.getTime()) {
      await this.mail.discard(message.id);
      return { outcome: 'settled' };
    }
    if (!this.transport || message.textBody === null) return { outcome: 'outage' };
    try {
      await this.transport.sendMail({
        messageId: message.messageId,
        to: message.toAddress,
        subject: message.subject,
        text: message.textBody,
        html: message.htmlBody ?? undefined,
      });
      return { outcome: 'sent' };
    } catch (caught) {
      const error = caught as { code?: string; responseCode?: number; message?: string };
      const failure = classify(error);
      return failure === 'outage' ? { outcome: 'outage' } : { outcome: failure, reason: describe(error) };
    }
  }
}
