import { Module } from '@nestjs/common';
import { CoursesModule } from '../courses/courses.module.js';
import { LearningModule } from '../learning/learning.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { CalendarFeedsRepository } from './calendar-feeds.repository.js';
import { CalendarPagesController } from './calendar.pages.controller.js';
import { CalendarService } from './calendar.service.js';
import { CALENDAR_SOURCES, type CalendarSource } from './calendar-source.js';
import { DueDatesSource } from './due-dates.source.js';
import { SessionsSource } from './sessions.source.js';

/** The private calendar feed: a person's due dates and sessions, for their calendar app. */
@Module({
  imports: [LearningModule, CoursesModule, SessionsModule],
  controllers: [CalendarPagesController],
  providers: [
    CalendarFeedsRepository,
    CalendarService,
    DueDatesSource,
    SessionsSource,
    {
      provide: CALENDAR_SOURCES,
      useFactory: (...sources: CalendarSource[]) => sources,
      inject: [DueDatesSource, SessionsSource],
    },
  ],
})
export class CalendarModule {}
