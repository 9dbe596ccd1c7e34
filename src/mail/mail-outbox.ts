import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { MailRepository, type NewMessage } from './mail.repository.js';
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
    const [id] = await this.enqueueAll([message], now);
    return id;
  }

  /**
   * Many messages at once (a reminder run's batch): earlier unsent ones they replace dropped in one
   * statement per kind list, all inserted with multi-row INSERTs. Their ids, in the order given.
   */
  async enqueueAll(messages: Outgoing[], now = new Date()): Promise<number[]> {
    const host = new URL(this.config.publicUrl).hostname;
    const status = this.config.mail.smtpUrl ? 'pending' : 'held';
    const rows = messages.map((message): NewMessage => {
      const rendered = this.templates.render(message.kind, {
        ...message.data,
        districtName: this.config.districtName,
        publicUrl: this.config.publicUrl,
      });
      return {
        // One Message-ID for the message's life: a retry after a crash is recognisably the same message.
        messageId: `<${randomUUID()}@${host}>`,
        kind: message.kind,
        toAddress: message.to.trim().toLowerCase(),
        subject: rendered.subject,
        textBody: rendered.text,
        htmlBody: rendered.html,
        status,
        discardAfter: message.discardAfter ?? null,
      };
    });
    const replacing = new Map<string, string[]>();
    messages.forEach((message, index) => {
      if (!message.replaces?.length) return;
      const key = message.replaces.join(',');
      replacing.set(key, [...(replacing.get(key) ?? []), rows[index].toAddress]);
    });
    for (const [kinds, addresses] of replacing) await this.mail.dropUnsent(kinds.split(','), addresses);
    return this.mail.insert(rows, now);
  }
}
