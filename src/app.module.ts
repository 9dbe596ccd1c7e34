import { type DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module.js';
import { CohortsModule } from './cohorts/cohorts.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { TranscriptsModule } from './transcripts/transcripts.module.js';
import { PartsDoneModule } from './common/parts-done.js';
import { CourseReachModule } from './common/course-reach.js';
import { CourseAlertsModule } from './common/course-alerts.js';
import { ProgramsModule } from './programs/programs.module.js';
import { StartupGateModule } from './common/startup-gate.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ConfigurationPagesController } from './config/configuration.pages.controller.js';
import { DistrictLogoController } from './config/district-logo.controller.js';
import { CertificatesModule } from './certificates/certificates.module.js';
import { CredentialsModule } from './credentials/credentials.module.js';
import { CoursesModule } from './courses/courses.module.js';
import { LearningModule } from './learning/learning.module.js';
import { MailModule } from './mail/mail.module.js';
import { XapiModule } from './xapi/xapi.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DemoDistrict } from './demo/demo-district.js';
import { DemoRepository } from './demo/demo.repository.js';
import { DatabaseHealth } from './health/database-health.js';
import { HealthController } from './health/health.controller.js';
import { IdentityModule } from './identity/identity.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { StaffRecordModule } from './staff/staff-record.module.js';
import { StaffModule } from './staff/staff.module.js';
import { SurveysModule } from './surveys/surveys.module.js';
import { StartupService } from './startup/startup.service.js';
import { WebModule } from './web/web.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        StartupGateModule,
        DatabaseModule,
        PartsDoneModule,
        CourseReachModule,
        CourseAlertsModule,
        AuditModule,
        MailModule,
        XapiModule,
        WebModule,
        IdentityModule,
        StaffModule,
        CoursesModule,
        LearningModule,
        CertificatesModule,
        CredentialsModule,
        ReportsModule,
        RemindersModule,
        StaffRecordModule,
        CalendarModule,
        TranscriptsModule,
        ProgramsModule,
        SessionsModule,
        SurveysModule,
        CohortsModule,
      ],
      controllers: [HealthController, ConfigurationPagesController, DistrictLogoController],
      providers: [StartupService, DemoDistrict, DemoRepository, DatabaseHealth],
    };
  }
}
