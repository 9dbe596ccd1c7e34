import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { CourseAlerts } from '../../src/common/course-alerts.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { CourseCatalog } from '../../src/courses/course-catalog.service.js';
import { CourseSnapshotsRepository } from '../../src/courses/course-snapshots.repository.js';
import type { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import { openTestDatabase } from '../support/test-database.js';

const EDITION = 'example/2026-27';

describe('last good course versions on a real database', () => {
  let database: Database;
  let close: () => Promise<void>;
  let root: string;
  let config: AppConfig;

  beforeAll(() => {
    Logger.overrideLogger(['error']);
  });
  beforeEach(async () => {
    ({ database, close } = await openTestDatabase());
    root = mkdtempSync(join(tmpdir(), 'hearth-snapshots-'));
    cpSync(resolve('test/fixtures/courses/example'), join(root, 'example'), { recursive: true });
    config = loadConfig({ COURSES_DIR: root });
  });
  afterEach(async () => {
    await close();
    rmSync(root, { recursive: true, force: true });
  });

  const catalog = (alerts?: CourseAlerts) =>
    new CourseCatalog(config, new CourseSnapshotsRepository(database), alerts);
  const rows = () =>
    database.rows<{ courseId: string; contentHash: string; storedAt: Date; goodAt: Date }>(
      sql`SELECT course_id, content_hash, stored_at, good_at FROM course_snapshots ORDER BY id`,
    );
  const edit = (file: string, change: (text: string) => string) => {
    const path = join(root, EDITION, file);
    writeFileSync(path, change(readFileSync(path, 'utf8')));
  };
  const breakQuiz = () => edit('quiz.yaml', (text) => text.replace(/^ {4}answer: a$/m, '    answer: e'));

  it('keeps one snapshot of a published edition, and a start with the same files writes nothing', async () => {
    const first = catalog();
    await first.reload();
    const hash = first.find('example', '2026-27', { drafts: false })?.contentHash;
    const stored = await rows();
    expect(stored.map((row) => [row.courseId, row.contentHash])).toEqual([['example', hash]]);
    await catalog().reload();
    expect(await rows()).toEqual(stored);
  });

  it('keeps no snapshot of a draft', async () => {
    edit('course.md', (text) => text.replace('draft: false', 'draft: true'));
    await catalog().reload();
    expect(await rows()).toEqual([]);
  });

  it('serves the last good version when the files fail the check, alerting with file and line until they load', async () => {
    const alerts = new CourseAlerts();
    const served = catalog(alerts);
    const good = (await served.reload()).courses[0];
    breakQuiz();
    const broken = await served.reload();
    expect(broken.courses).toEqual([good]);
    expect(
      broken.found.map((entry) => [
        entry.folder,
        Boolean(entry.lastGoodAt),
        entry.problems.map((p) => `${p.file}:${p.line}`),
      ]),
    ).toEqual([[EDITION, true, [`${EDITION}/quiz.yaml:10`]]]);
    expect(
      alerts.current.map((alert) => [
        alert.folder,
        alert.title,
        alert.lastGoodAt instanceof Date,
        alert.problems.length,
      ]),
    ).toEqual([[EDITION, 'An Example Course 2026-27', true, 1]]);
    // A fresh start (another instance, a restart) finds the same.
    expect((await catalog().reload()).courses).toEqual([good]);
    edit('quiz.yaml', (text) => text.replace(/^ {4}answer: e$/m, '    answer: a'));
    await served.reload();
    expect(alerts.current).toEqual([]);
  });

  it('alerts, serving nothing, about a published edition that never loaded here', async () => {
    breakQuiz();
    const alerts = new CourseAlerts();
    const load = await catalog(alerts).reload();
    expect(load.courses).toEqual([]);
    expect(alerts.current.map((alert) => [alert.folder, alert.lastGoodAt])).toEqual([[EDITION, null]]);
  });

  it('serves the version last loaded, also when the files went back to an older one', async () => {
    const served = catalog();
    const first = (await served.reload()).courses[0].contentHash;
    edit('modules/01-welcome.md', (text) => `${text}\nOne more line.\n`);
    const second = (await served.reload()).courses[0].contentHash;
    edit('modules/01-welcome.md', (text) => text.replace('\nOne more line.\n', ''));
    expect((await served.reload()).courses[0].contentHash).toBe(first);
    expect((await rows()).map((row) => row.contentHash)).toEqual([first, second]);
    breakQuiz();
    expect((await served.reload()).courses[0].contentHash).toBe(first);
  });

  it('stores a version once when two instances load it at the same time', async () => {
    await Promise.all([catalog().reload(), catalog().reload(), catalog().reload()]);
    expect((await rows()).length).toBe(1);
  });
});
