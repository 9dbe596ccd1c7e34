import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { ImportPagesController } from './import.pages.controller.js';
import { RosterImportService } from './roster-import.service.js';
import { RosterUpload } from './roster-upload.entity.js';
import { Site } from './site.entity.js';
import { StaffMember } from './staff-member.entity.js';
import { StaffController } from './staff.controller.js';
import { StaffRepository } from './staff.repository.js';

@Module({
  imports: [IdentityModule, TypeOrmModule.forFeature([StaffMember, Site, RosterUpload])],
  controllers: [StaffController, ImportPagesController],
  providers: [StaffRepository, RosterImportService],
  exports: [StaffRepository, RosterImportService],
})
export class StaffModule {}
