import { Module } from '@nestjs/common';
import { CoursesModule } from '../courses/courses.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { HandRemindersPagesController } from './hand-reminders.pages.controller.js';
import { HandRemindersService } from './hand-reminders.service.js';
import { ReminderSchedule } from './reminder-schedule.js';
import { RemindersPagesController } from './reminders.pages.controller.js';
import { RemindersRepository } from './reminders.repository.js';
import { RemindersService } from './reminders.service.js';

/**
 * Reminder digests: computed once a day, or sent by hand from an overdue list, queued in the outbox
 * (MailModule), recorded per person.
 */
@Module({
  imports: [CoursesModule, ReportsModule],
  controllers: [RemindersPagesController, HandRemindersPagesController],
  providers: [RemindersRepository, RemindersService, ReminderSchedule, HandRemindersService],
  exports: [RemindersRepository, RemindersService],
})
export class RemindersModule {}
