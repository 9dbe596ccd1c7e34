import { Module, type OnModuleInit } from '@nestjs/common';
import { CoursesModule } from '../courses/courses.module.js';
import { LearningModule } from '../learning/learning.module.js';
import { SurveyOffers } from '../learning/survey-offers.js';
import { SurveyReportController } from './survey-report.controller.js';
import { SurveyReportPagesController } from './survey-report.pages.controller.js';
import { SurveyReportService } from './survey-report.service.js';
import { SurveysController } from './surveys.controller.js';
import { SurveysPagesController } from './surveys.pages.controller.js';
import { SurveysRepository } from './surveys.repository.js';
import { SurveysService } from './surveys.service.js';

/** Anonymous before-and-after attitude surveys: answering (learners) and the report (trainers, HR). */
@Module({
  imports: [LearningModule, CoursesModule],
  controllers: [
    SurveysController,
    SurveysPagesController,
    SurveyReportController,
    SurveyReportPagesController,
  ],
  providers: [SurveysRepository, SurveysService, SurveyReportService],
})
export class SurveysModule implements OnModuleInit {
  constructor(
    private readonly offers: SurveyOffers,
    private readonly surveys: SurveysService,
  ) {}

  onModuleInit(): void {
    this.offers.answerWith((accountId, work, standing) => this.surveys.offered(accountId, work, standing));
  }
}
