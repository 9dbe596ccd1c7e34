import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { MailRepository } from './mail.repository.js';
import { type MailKind, MailTemplates } from './mail-templates.js';

export interface Outgoing {
  kind: MailKind;
  to: string;
  /** What the templates show besides the district's name and PUBLIC_URL (always there). */
  data: Record<string, unknown>;
  /** Not worth sending after this (a link that has expired by then). */
  discardAfter?: Date;
  /** Earlier unsent messages of these kinds to the same address are dropped (their links are dead). */
  replaces?: MailKind[];
}

/**
 * Where every message starts: written to the outbox in the caller's transaction, so it exists exactly
 * when the change that causes it commits. The sender (MailSender) delivers it later; without SMTP_URL it
 * is held, for an admin to see.
 */
@Injectable()
export class MailOutbox {
  private readonly templates: MailTemplates;

  constructor(
    private readonly mail: MailRepository,
    private readonly config: AppConfig,
  ) {
    this.templates = new MailTemplates(config.templatesDir);
  }

  async enqueue(message: Outgoing, now = new Date()): Promise<number> {
    const rendered = this.templates.render(message.kind, {
      ...message.data,
      districtName: this.config.districtName,
      publicUrl: this.config.publicUrl,
    });
    const to = message.to.trim().toLowerCase();
    if (message.replaces?.length) await this.mail.dropUnsent(message.replaces, [to]);
    return this.mail.insert(
      {
        // One Message-ID for the message's life: a retry after a crash is recognisably the same message.
        messageId: `<${randomUUID()}@${new URL(this.config.publicUrl).hostname}>`,
        kind: message.kind,
        toAddress: to,
        subject: rendered.subject,
        textBody: rendered.text,
        htmlBody: rendered.html,
        status: this.config.mail.smtpUrl ? 'pending' : 'held',
        discardAfter: message.discardAfter ?? null,
      },
      now,
    );
  }

  /**
   * Earlier unsent messages of this kind to these people are dropped: the one about to be queued says
   * everything they did (a reminder digest lists all that is still to do), and a backlog held while no
   * mail server was configured must not arrive as a flood once one is.
   */
  async replaceUnsent(kind: MailKind, addresses: string[]): Promise<void> {
    await this.mail.dropUnsent(
      [kind],
      addresses.map((address) => address.trim().toLowerCase()),
    );
  }
}
