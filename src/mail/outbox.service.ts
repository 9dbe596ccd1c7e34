import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { Database } from '../database/database.js';
import { type MailStatus, MailRepository, type OutboxRow } from './mail.repository.js';

/** What admins see of the outbox (never a message's content: it may hold a sign-in link). */
@Injectable()
export class OutboxService {
  constructor(
    private readonly database: Database,
    private readonly mail: MailRepository,
    private readonly audit: AuditService,
  ) {}

  list(filters: { status?: MailStatus; kind?: string }, offset = 0, limit = 100): Promise<OutboxRow[]> {
    return this.mail.list(filters, offset, limit);
  }

  /** A failed message goes out again, as new. */
  async retry(id: number, by: Actor): Promise<void> {
    await this.database.transaction(async () => {
      const message = await this.mail.status(id);
      if (!message) throw new NotFoundException(`There is no message ${id} in the outbox`);
      if (!(await this.mail.requeue(id, new Date())))
        throw new ConflictException(
          message.status === 'failed'
            ? `Message ${id} cannot be sent again: it was replaced by a newer one or expired`
            : `Only a failed message can be retried; message ${id} is ${message.status}`,
        );
      await this.audit.record(by, {
        action: 'mail.retry',
        target: `mail ${id}`,
        details: { to: message.toAddress },
      });
    });
  }
}
