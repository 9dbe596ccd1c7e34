import { Module } from '@nestjs/common';
import { CoursesModule } from '../courses/courses.module.js';
import { ProgramsModule } from '../programs/programs.module.js';
import { SessionAttendancePagesController } from './session-attendance.pages.controller.js';
import { SessionAudience } from './session-audience.js';
import { SessionMail } from './session-mail.js';
import { AttendanceService } from './attendance.service.js';
import { RegistrationsService } from './registrations.service.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsPagesController } from './sessions.pages.controller.js';
import { SessionsService } from './sessions.service.js';
import { TrainingSessionsRepository } from './training-sessions.repository.js';

/**
 * Facilitated sessions: the schedule, registrations with a wait-list, attendance and self check-in.
 * The repository is exported for the transcript (`attendedBy`).
 */
@Module({
  imports: [CoursesModule, ProgramsModule],
  controllers: [SessionsController, SessionsPagesController, SessionAttendancePagesController],
  providers: [
    TrainingSessionsRepository,
    SessionAudience,
    SessionMail,
    SessionsService,
    RegistrationsService,
    AttendanceService,
  ],
  exports: [TrainingSessionsRepository],
})
export class SessionsModule {}
