import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module.js';
import { CoursesModule } from '../courses/courses.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { LearningModule } from '../learning/learning.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { CompliancePagesController } from './compliance.pages.controller.js';
import { ComplianceService } from './compliance.service.js';
import { QuizItemsPagesController } from './quiz-items.pages.controller.js';
import { QuizItemsService } from './quiz-items.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { SiteAccessService } from './site-access.service.js';
import { SiteLeadersRepository } from './site-leaders.repository.js';
import { SiteReportService } from './site-report.service.js';
import { SitePagesController } from './site.pages.controller.js';
import { SitesController } from './sites.controller.js';

@Module({
  imports: [StaffModule, CoursesModule, LearningModule, CertificatesModule, IdentityModule],
  controllers: [
    ReportsController,
    CompliancePagesController,
    QuizItemsPagesController,
    SitesController,
    SitePagesController,
  ],
  providers: [
    ReportsRepository,
    ComplianceService,
    QuizItemsService,
    SiteLeadersRepository,
    SiteAccessService,
    SiteReportService,
  ],
  // For the reminders: each site's figures, who leads which site, and whom a leader may remind.
  exports: [ReportsRepository, SiteLeadersRepository, SiteAccessService],
})
export class ReportsModule {}
