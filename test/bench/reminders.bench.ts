import { Logger } from '@nestjs/common';
import { loadConfig } from '../../src/config/app-config.js';
import { CourseCatalog } from '../../src/courses/course-catalog.service.js';
import { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import { addDays } from '../../src/learning/assignment-rules.js';
import { standaloneReminders } from '../../src/reminders/reminders.service.js';
import { startSmtp } from '../support/smtp.js';
import type { District } from './district.js';
import { hearthEnv } from './http.bench.js';
import type { BenchRow } from './report.js';
import { HEARTH_MAIN, spawnServer } from './servers.js';

/**
 * The day's reminders on the generated district: computed and queued (the service, as the command runs
 * it), then delivered by the server to a real SMTP server on loopback. The day is a week before the
 * last due date of the editions in force (CARMA's): everyone who has not finished it gets a digest,
 * the heaviest kind of day.
 */
export async function benchReminders(
  district: Pick<District, 'db' | 'today' | 'counts' | 'courses'>,
  goals: { computeMs: number; perSecond?: number },
): Promise<BenchRow[]> {
  const smtp = await startSmtp();
  const last = district.courses
    .map((course) => course.dueDate)
    .sort()
    .at(-1) as string;
  const day = addDays(last, -7);
  const env = { ...hearthEnv(district), HEARTH_TODAY: day, SMTP_URL: smtp.url, HEARTH_REMINDERS: 'true' };
  const config = loadConfig(env);
  Logger.overrideLogger(['error']);
  const catalog = new CourseCatalog(config);
  void catalog.reload(); // without the database, loaded before it returns
  const database = await Database.open(district.db.target);
  const rows: BenchRow[] = [];
  try {
    const service = standaloneReminders(database, catalog, config);
    const started = performance.now();
    const result = await service.run(day);
    const computeMs = performance.now() - started;
    const digests = result.learnerDigests + result.siteDigests;
    rows.push({
      name: `reminders: a day's digests computed and queued (${digests.toLocaleString('en-US')} digests, ${district.counts.staff.toLocaleString('en-US')} staff)`,
      figure: `${(computeMs / 1000).toFixed(2)} s`,
      goal: `≤ ${goals.computeMs / 1000} s`,
      met: computeMs <= goals.computeMs && digests > 0,
    });
    if (!goals.perSecond) return rows;
    // Delivery: the server sends what was queued; timed from the first message received to the last.
    const server = await spawnServer(HEARTH_MAIN, { ...env, HEARTH_REMINDERS: 'false' }, '/api/health');
    try {
      const received = await smtp.waitFor(digests, 600_000);
      const times = received.map((message) => message.receivedAt);
      const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
      const perSecond = (digests - 1) / Math.max(seconds, 0.001);
      const sent = await database.row<{ n: number }>(
        sql`SELECT COUNT(*) AS n FROM mail_messages WHERE status = 'sent'`,
      );
      rows.push({
        name: `reminders: delivery to a local SMTP server (${(sent?.n ?? 0).toLocaleString('en-US')} messages sent, pooled connections)`,
        figure: `${perSecond.toFixed(0)} messages/s`,
        goal: `≥ ${goals.perSecond} messages/s`,
        met: perSecond >= goals.perSecond && sent?.n === digests,
      });
    } finally {
      await server.stop();
    }
  } finally {
    await database.close();
    await smtp.close();
  }
  return rows;
}
