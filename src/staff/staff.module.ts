import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { ImportPagesController } from './import.pages.controller.js';
import { RosterImportService } from './roster-import.service.js';
import { RosterUploadsRepository } from './roster-uploads.repository.js';
import { RosterRepository } from './roster.repository.js';
import { StaffController } from './staff.controller.js';
import { StaffRepository } from './staff.repository.js';

@Module({
  imports: [IdentityModule],
  controllers: [StaffController, ImportPagesController],
  providers: [StaffRepository, RosterRepository, RosterUploadsRepository, RosterImportService],
  exports: [StaffRepository, RosterImportService],
})
export class StaffModule {}
