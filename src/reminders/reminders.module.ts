import { Module } from '@nestjs/common';
import { CoursesModule } from '../courses/courses.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { ReminderSchedule } from './reminder-schedule.js';
import { RemindersPagesController } from './reminders.pages.controller.js';
import { RemindersRepository } from './reminders.repository.js';
import { RemindersService } from './reminders.service.js';

/** Reminder digests: computed once a day, queued in the outbox (MailModule), recorded per person. */
@Module({
  imports: [CoursesModule, ReportsModule],
  controllers: [RemindersPagesController],
  providers: [RemindersRepository, RemindersService, ReminderSchedule],
  exports: [RemindersRepository, RemindersService],
})
export class RemindersModule {}
