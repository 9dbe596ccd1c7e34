import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { CoursesModule } from '../courses/courses.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { LearningModule } from '../learning/learning.module.js';
import { RemindersModule } from '../reminders/reminders.module.js';
import { StaffRecordPagesController } from './staff-record.pages.controller.js';
import { StaffModule } from './staff.module.js';

/**
 * HR's staff-record pages: a person's assignments, exemptions, certificates and sign-in link. A module of
 * their own beside StaffModule, because they show learning and certificates, which build on staff.
 */
@Module({
  imports: [StaffModule, CoursesModule, LearningModule, CertificatesModule, IdentityModule, RemindersModule],
  controllers: [StaffRecordPagesController],
})
export class StaffRecordModule {}
