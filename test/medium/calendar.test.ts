import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { CalendarFeedsRepository } from '../../src/calendar/calendar-feeds.repository.js';
import { CalendarService } from '../../src/calendar/calendar.service.js';
import { DueDatesSource } from '../../src/calendar/due-dates.source.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import { MyAssignmentsService } from '../../src/learning/my-assignments.service.js';
import { StaffRepository } from '../../src/staff/staff.repository.js';
import { makeStaff, rosterCsv } from '../factories/staff.factory.js';
import { learningServices } from '../support/services.js';
import { openTestDatabase } from '../support/test-database.js';

const PUBLIC_URL = 'https://hearth.district.org';

/** The unfolded UID and DTSTART lines of each event. */
const eventsOf = (ics: string) =>
  ics
    .replace(/\r\n /g, '')
    .split('BEGIN:VEVENT\r\n')
    .slice(1)
    .map((event) =>
      event
        .split('\r\n')
        .filter((line) => line.startsWith('UID:') || line.startsWith('DTSTART'))
        .join(' '),
    );

describe('calendar feeds (real services on a database built by the migrations)', () => {
  let courses: string;
  let database: Database;
  let close: () => Promise<void>;
  let calendar: CalendarService;
  let accountId: number;
  let mine: MyAssignmentsService;

  const config = (today: string): AppConfig =>
    loadConfig({ COURSES_DIR: courses, HEARTH_TODAY: today, PUBLIC_URL });

  const feedRow = () =>
    database.row<{ tokenHash: string; lastReadAt: Date | null }>(
      sql`SELECT token_hash, last_read_at FROM calendar_feeds WHERE account_id = ${accountId}`,
    );

  beforeAll(() => {
    Logger.overrideLogger(['error']);
    // The example course, and last year's edition of it beside this year's.
    courses = mkdtempSync(join(tmpdir(), 'hearth-calendar-courses-'));
    cpSync(resolve('test/fixtures/courses'), courses, { recursive: true });
    const last = join(courses, 'example/2025-26');
    cpSync(join(courses, 'example/2026-27'), last, { recursive: true });
    const text = readFileSync(join(last, 'course.md'), 'utf8')
      .replace('edition: 2026-27', 'edition: 2025-26')
      .replace('opensOn: 2026-08-01', 'opensOn: 2025-08-01')
      .replace('dueDate: 2026-10-31', 'dueDate: 2025-10-31');
    writeFileSync(join(last, 'course.md'), text);
  });
  afterAll(() => rmSync(courses, { recursive: true, force: true }));

  beforeEach(async () => {
    ({ database, close } = await openTestDatabase());
    // Assigned last year's edition in 2025 and never finished it; this year's came in 2026.
    const lastYear = learningServices(database, config('2025-09-01'));
    const imported = await lastYear.importer.importCsv(
      Buffer.from(rosterCsv([makeStaff({ employeeId: 'T1', jobRole: 'teacher', hireDate: '2020-08-10' })])),
      { sync: false, dryRun: false },
      null,
    );
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    const now = config('2026-09-01');
    const thisYear = learningServices(database, now);
    await thisYear.assignments.sync();
    accountId = ((await new StaffRepository(database).findByEmployeeId('T1')) as { accountId: number })
      .accountId;
    mine = thisYear.mine;
    calendar = new CalendarService(
      new CalendarFeedsRepository(database),
      [new DueDatesSource(thisYear.mine, thisYear.catalog, now)],
      now,
    );
  });
  afterEach(() => close());

  const tokenOf = (url: string) => /\/calendar\/([A-Za-z0-9_-]{43})\.ics$/.exec(url)?.[1] as string;

  it('holds the edition in force only: last year’s unfinished edition is history, not due', async () => {
    expect((await mine.list(accountId)).map((a) => [a.edition, a.status])).toEqual([
      ['2025-26', 'overdue'],
      ['2026-27', 'not_started'],
    ]);
    const { url } = await calendar.make(accountId);
    expect(url.startsWith(`${PUBLIC_URL}/calendar/`)).toBe(true);
    const ics = (await calendar.feed(tokenOf(url))) as string;
    expect(eventsOf(ics)).toEqual(['UID:example-2026-27@hearth.district.org DTSTART;VALUE=DATE:20261031']);
  });

  it('keeps one feed per account: a new link replaces the old one, and stopping ends it', async () => {
    const first = tokenOf((await calendar.make(accountId)).url);
    const second = tokenOf((await calendar.make(accountId)).url);
    expect(await calendar.feed(first)).toBeNull();
    expect(await calendar.feed(second)).toContain('BEGIN:VEVENT');
    const rows = await database.rows(sql`SELECT id FROM calendar_feeds`);
    expect(rows).toHaveLength(1);
    expect(await calendar.stop(accountId)).toBe(true);
    expect(await calendar.feed(second)).toBeNull();
    expect(await calendar.stop(accountId)).toBe(false);
    expect(await calendar.state(accountId)).toBeUndefined();
  });

  it('notes when the feed is read, at most once a minute, and forgets it with a new link', async () => {
    const token = tokenOf((await calendar.make(accountId)).url);
    expect((await calendar.state(accountId))?.lastReadAt).toBeNull();
    await calendar.feed(token);
    const firstRead = (await feedRow())?.lastReadAt as Date;
    expect(firstRead).toBeInstanceOf(Date);
    await calendar.feed(token);
    expect((await feedRow())?.lastReadAt).toEqual(firstRead);

    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await database.run(sql`UPDATE calendar_feeds SET last_read_at = ${twoMinutesAgo}`);
    await calendar.feed(token);
    expect(((await feedRow())?.lastReadAt as Date).getTime()).toBeGreaterThan(twoMinutesAgo.getTime());

    await calendar.make(accountId);
    expect((await feedRow())?.lastReadAt).toBeNull();
  });

  it('looks up nothing for a token of the wrong shape', async () => {
    await calendar.make(accountId);
    for (const token of ['', 'short', 'x'.repeat(44), `${'a'.repeat(42)}!`])
      expect(await calendar.feed(token)).toBeNull();
  });
});
