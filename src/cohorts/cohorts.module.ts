import { Module } from '@nestjs/common';
import { CommunityCourseReach } from './community-course-reach.js';
import { CoursesModule } from '../courses/courses.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { LearningModule } from '../learning/learning.module.js';
import { CohortsController } from './cohorts.controller.js';
import { CohortsPagesController } from './cohorts.pages.controller.js';
import { CohortsRepository } from './cohorts.repository.js';
import { CohortsService } from './cohorts.service.js';
import { JoinController } from './join.controller.js';
import { JoinPagesController } from './join.pages.controller.js';
import { JoinService } from './join.service.js';

/** Community cohorts: people who are not employees join with a code, learn its courses, earn certificates. */
@Module({
  imports: [IdentityModule, LearningModule, CoursesModule],
  controllers: [CohortsController, JoinController, CohortsPagesController, JoinPagesController],
  providers: [CohortsRepository, CohortsService, JoinService, CommunityCourseReach],
  // The repository for the demo district's cohort.
  exports: [CohortsService, CohortsRepository, JoinService],
})
export class CohortsModule {}
