import { Module } from '@nestjs/common';
import { CoursesModule } from '../courses/courses.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { ProgramsController } from './programs.controller.js';
import { ProgramsPagesController } from './programs.pages.controller.js';
import { ProgramsRepository } from './programs.repository.js';
import { ProgramsService } from './programs.service.js';

/** Programs: courses, sessions and a practicum over a period, completed with a certificate of their own. */
@Module({
  imports: [StaffModule, CoursesModule, IdentityModule],
  controllers: [ProgramsController, ProgramsPagesController],
  providers: [ProgramsRepository, ProgramsService],
  // The repository for the demo district's enrolments.
  exports: [ProgramsService, ProgramsRepository],
})
export class ProgramsModule {}
