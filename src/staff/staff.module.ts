import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { BulkInvitationsService } from './bulk-invitations.service.js';
import { ImportPagesController } from './import.pages.controller.js';
import { PeoplePagesController } from './people.pages.controller.js';
import { RosterImportService } from './roster-import.service.js';
import { RosterReviewService } from './roster-review.service.js';
import { RosterUploadsRepository } from './roster-uploads.repository.js';
import { RosterRepository } from './roster.repository.js';
import { StaffController } from './staff.controller.js';
import { StaffRepository } from './staff.repository.js';
import { StaffSearchPage } from './staff-search-page.js';
import { StaffService } from './staff.service.js';

@Module({
  imports: [IdentityModule],
  controllers: [StaffController, ImportPagesController, PeoplePagesController],
  providers: [
    StaffRepository,
    RosterRepository,
    RosterUploadsRepository,
    RosterImportService,
    RosterReviewService,
    StaffService,
    StaffSearchPage,
    BulkInvitationsService,
  ],
  exports: [StaffRepository, StaffService, StaffSearchPage, RosterImportService, BulkInvitationsService],
})
export class StaffModule {}
