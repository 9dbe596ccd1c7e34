import { Module } from '@nestjs/common';
import { CoursesModule } from '../courses/courses.module.js';
import { StaffModule } from '../staff/staff.module.js';
import { AssignmentsRepository } from './assignments.repository.js';
import { AssignmentsService } from './assignments.service.js';
import { FollowUpsController } from './followups.controller.js';
import { FollowUpsPagesController } from './followups.pages.controller.js';
import { FollowUpsRepository } from './followups.repository.js';
import { FollowUpsService } from './followups.service.js';
import { LearnerPagesController } from './learner.pages.controller.js';
import { QuizPagesController } from './quiz.pages.controller.js';
import { LearningController } from './learning.controller.js';
import { MyAssignmentsService } from './my-assignments.service.js';
import { ProgressRepository } from './progress.repository.js';
import { ProgressService } from './progress.service.js';
import { ReflectionsController } from './reflections.controller.js';
import { ReflectionsPagesController } from './reflections.pages.controller.js';
import { ReflectionsRepository } from './reflections.repository.js';
import { ReflectionsService } from './reflections.service.js';
import { SurveyOffers } from './survey-offers.js';

@Module({
  imports: [StaffModule, CoursesModule],
  controllers: [
    LearningController,
    LearnerPagesController,
    QuizPagesController,
    ReflectionsController,
    ReflectionsPagesController,
    FollowUpsController,
    FollowUpsPagesController,
  ],
  providers: [
    AssignmentsRepository,
    ProgressRepository,
    AssignmentsService,
    MyAssignmentsService,
    ProgressService,
    ReflectionsRepository,
    ReflectionsService,
    FollowUpsRepository,
    FollowUpsService,
    SurveyOffers,
  ],
  exports: [
    AssignmentsService,
    ProgressService,
    MyAssignmentsService,
    AssignmentsRepository,
    FollowUpsService,
    SurveyOffers,
  ],
})
export class LearningModule {}
