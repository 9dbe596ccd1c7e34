import { Module } from '@nestjs/common';
import { CoursesModule } from '../courses/courses.module.js';
import { LearningModule } from '../learning/learning.module.js';
import { CalendarFeedsRepository } from './calendar-feeds.repository.js';
import { CalendarPagesController } from './calendar.pages.controller.js';
import { CalendarService } from './calendar.service.js';
import { CALENDAR_SOURCES, type CalendarSource } from './calendar-source.js';
import { DueDatesSource } from './due-dates.source.js';

/** The private calendar feed: a person's due dates (and later their sessions) for their calendar app. */
@Module({
  imports: [LearningModule, CoursesModule],
  controllers: [CalendarPagesController],
  providers: [
    CalendarFeedsRepository,
    CalendarService,
    DueDatesSource,
    {
      provide: CALENDAR_SOURCES,
      useFactory: (...sources: CalendarSource[]) => sources,
      inject: [DueDatesSource],
    },
  ],
})
export class CalendarModule {}
