import { Global, Module } from '@nestjs/common';
import { MailRepository } from './mail.repository.js';
import { MailOutbox } from './mail-outbox.js';
import { MailSender } from './mail-sender.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxPagesController } from './outbox.pages.controller.js';
import { OutboxService } from './outbox.service.js';

/** Mail: any module writes a message to the outbox (MailOutbox); the sender delivers it. */
@Global()
@Module({
  controllers: [OutboxController, OutboxPagesController],
  providers: [MailRepository, MailOutbox, MailSender, OutboxService],
  exports: [MailOutbox],
})
export class MailModule {}
