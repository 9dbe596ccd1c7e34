import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditPagesController } from './audit.pages.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';

@Global()
@Module({
  controllers: [AuditController, AuditPagesController],
  providers: [AuditRepository, AuditService],
  exports: [AuditService],
})
export class AuditModule {}
