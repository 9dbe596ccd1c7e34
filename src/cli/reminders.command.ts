import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { isRealDate, todayIso } from '../common/clock.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { CourseSnapshotsRepository } from '../courses/course-snapshots.repository.js';
import { describeRun } from '../reminders/reminder-schedule.js';
import { standaloneReminders } from '../reminders/reminders.service.js';
import { withContext } from './context.js';

export function registerReminders(program: Command): void {
  const reminders = program.command('reminders').description('due-date reminder digests');
  reminders
    .command('run')
    .description(
      "queue the day's reminder digests in the outbox (once per day: a second run sends nothing; " +
        'a run that stopped half-way resumes)',
    )
    .option('--date <YYYY-MM-DD>', 'the day to run for, today or earlier (default: today)')
    .action((options: { date?: string }) =>
      withContext(async ({ database, config }) => {
        const today = todayIso(config);
        const day = options.date ?? today;
        if (!isRealDate(day) || day > today) {
          console.error(`--date must be a day written YYYY-MM-DD, today (${today}) or earlier`);
          process.exitCode = 2;
          return;
        }
        // With the database, as the server does: an edition whose files broke is its last good version.
        const catalog = new CourseCatalog(config, new CourseSnapshotsRepository(database));
        await catalog.onModuleInit();
        const service = standaloneReminders(database, catalog, config);
        const bar = new SingleBar(
          {
            format: `Reminders for ${day}: {value} digest(s) queued`,
            stream: process.stderr,
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(0, 0);
        const result = await service
          .run(day, { onProgress: (queued) => bar.update(queued) })
          .finally(() => bar.stop());
        catalog.onModuleDestroy();
        console.log(describeRun(result));
        if (result.outcome === 'done' && !config.mail.smtpUrl)
          console.log(
            'SMTP_URL is not set: the digests are held in the outbox until it is (see /admin/outbox).',
          );
      }),
    );
}
