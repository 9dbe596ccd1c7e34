import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { Certificate } from '../../src/certificates/certificate.entity.js';
import { localDay, momentNow } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { join, sql } from '../../src/database/sql.js';
import { seedDemoProgress } from '../../src/demo/demo-progress.js';
import { demoCohort } from '../../src/demo/demo-programs.js';
import { seedDemoSessions } from '../../src/demo/demo-sessions.js';
import { seedDemoSurveys } from '../../src/demo/demo-surveys.js';
import { DEMO_ACCOUNTS, demoRoster } from '../../src/demo/demo-roster.js';
import type { Assignment } from '../../src/learning/assignment.entity.js';
import { TrainingSessionsRepository } from '../../src/sessions/training-sessions.repository.js';
import { ComplianceService } from '../../src/reports/compliance.service.js';
import { ReportsRepository } from '../../src/reports/reports.repository.js';
import type { StaffMember } from '../../src/staff/staff-member.entity.js';
import { SurveyReportService } from '../../src/surveys/survey-report.service.js';
import { SurveysRepository } from '../../src/surveys/surveys.repository.js';
import { learningServices } from '../support/services.js';
import { openTestDatabase } from '../support/test-database.js';

const TODAY = '2026-11-23';

describe('the demo district (real services, the shipped courses)', () => {
  let database: Database;
  let close: () => Promise<void>;
  let compliance: ComplianceService;
  let seeded: { started: number; completed: number };
  let surveyed: number;
  let surveyReport: SurveyReportService;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    ({ database, close } = await openTestDatabase());
    const config = loadConfig({ COURSES_DIR: resolve('courses'), HEARTH_TODAY: TODAY });
    // Completions issue their certificates themselves.
    const { catalog, importer, progress } = learningServices(database, config);
    const imported = await importer.apply(demoRoster(), { sync: false, dryRun: false, source: 'demo' }, null);
    if (!imported.ok) throw new Error('the demo roster is invalid');
    seeded = await seedDemoProgress(database, progress, momentNow(config));
    surveyed = await seedDemoSurveys(database, catalog.load.courses);
    surveyReport = new SurveyReportService(new SurveysRepository(database), catalog, config);
    compliance = new ComplianceService(new ReportsRepository(database), catalog, config);
  }, 120_000);

  afterAll(() => close());

  it('has a believable autumn: most finished the October course, fewer the January one, some overdue', async () => {
    const healing = await compliance.report({ courseId: 'healing-centered' });
    const carma = await compliance.report({ courseId: 'carma' });
    expect(healing.totals.completionRate).toBeGreaterThan(0.6);
    expect(healing.totals.completionRate).toBeLessThan(0.9);
    expect(carma.totals.completionRate).toBeGreaterThan(0.2);
    expect(carma.totals.completionRate).toBeLessThan(0.6);
    expect(healing.totals.overdue).toBeGreaterThan(0);
    expect(healing.totals.exempt).toBeGreaterThan(0);
    expect(healing.totals.completed + carma.totals.completed).toBe(seeded.completed);
  });

  it('made every completion the real way: one certificate each, dated as the completion, never in the future', async () => {
    // Each completed assignment with its person's hire date.
    const completed = await database.rows<
      Pick<Assignment, 'id' | 'startedAt' | 'completedAt' | 'contentHash'> & Pick<StaffMember, 'hireDate'>
    >(
      sql`SELECT a.id, a.started_at, a.completed_at, a.content_hash, s.hire_date
            FROM assignments a JOIN staff s ON s.id = a.staff_id
           WHERE a.completed_at IS NOT NULL`,
    );
    const latest = momentNow({ today: TODAY });
    const certificates = await database.rows<Pick<Certificate, 'assignmentId' | 'completedAt'>>(
      sql`SELECT assignment_id, completed_at FROM certificates`,
    );
    expect(certificates).toHaveLength(completed.length);
    const byAssignment = new Map(certificates.map((c) => [c.assignmentId, c]));
    for (const assignment of completed) {
      expect(byAssignment.get(assignment.id)?.completedAt).toEqual(assignment.completedAt);
      const [startedAt, completedAt] = [assignment.startedAt as Date, assignment.completedAt as Date];
      // Local days, as the certificate and the reports read them.
      expect(localDay(completedAt) <= TODAY).toBe(true);
      expect(completedAt.getTime()).toBeLessThanOrEqual(latest.getTime());
      expect(localDay(startedAt) >= assignment.hireDate).toBe(true);
      expect(startedAt.getTime()).toBeLessThanOrEqual(completedAt.getTime());
      expect(assignment.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('leaves the demo sign-ins untouched, to try the courses themselves', async () => {
    const mine = (
      await database.row<{ n: number }>(
        sql`SELECT COUNT(*) AS n FROM assignments a JOIN staff s ON s.id = a.staff_id
             WHERE s.employee_id IN (${join(DEMO_ACCOUNTS.map((a) => a.employeeId))})
               AND a.started_at IS NOT NULL`,
      )
    )?.n;
    expect(mine).toBe(0);
  });

  it('seeds sessions: one past with its attendance, one full with a wait-list, the demo learner on both lists', async () => {
    const repository = new TrainingSessionsRepository(database);
    expect(await seedDemoSessions(database, repository, momentNow({ today: TODAY }), null)).toBe(3);
    const [learner] = DEMO_ACCOUNTS;
    const me = await repository.staffOfAccount(
      (
        await database.row<{ accountId: number }>(
          sql`SELECT account_id FROM staff WHERE employee_id = ${learner.employeeId}`,
        )
      )?.accountId ?? 0,
    );
    const all = await repository.inRange(
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-12-31T00:00:00Z'),
      me?.id ?? null,
    );
    expect(
      all.map((s) => [s.registeredCount, s.waitlistedCount, s.myStatus, s.myWaitPosition, s.attendedCount]),
    ).toEqual([
      [14, 0, null, 0, 12],
      [6, 3, 'waitlisted', 3, 0],
      [9, 0, 'registered', 0, 0],
    ]);
    const past = all[0];
    expect(past.endsAt.getTime()).toBeLessThan(momentNow({ today: TODAY }).getTime());
    expect(await repository.attendees(past.id)).toHaveLength(12);
    const attendee = (await repository.staffByEmployeeIds(['DEMO-0020'])).get('DEMO-0020');
    expect(await repository.attendedBy(attendee?.id ?? 0)).toEqual([
      expect.objectContaining({ title: 'Regulation first: a practice circle', pdHoursX100: 150 }),
    ]);
  });

  it('seeds the practitioner program’s cohort sessions, attended by most of the cohort', async () => {
    const repository = new TrainingSessionsRepository(database);
    const cohort = demoCohort();
    expect(
      await seedDemoSessions(database, repository, momentNow({ today: TODAY }), {
        id: 'carma-practitioner',
        people: cohort,
      }),
    ).toBe(5);
    const rows = await database.rows<{ title: string; n: number }>(
      sql`SELECT t.title, COUNT(a.id) AS n FROM training_sessions t LEFT JOIN session_attendance a ON a.session_id = t.id
           WHERE t.program_id = 'carma-practitioner' GROUP BY t.id, t.title ORDER BY t.starts_at`,
    );
    expect(rows.map((r) => [r.title, Number(r.n)])).toEqual([
      ['Practitioner cohort: leading a community circle', cohort.length - 1],
      ['Practitioner cohort: coaching a colleague', cohort.length - 2],
    ]);
  });

  it('seeds anonymous survey answers that move between before and after, with some small groups hidden', async () => {
    expect(surveyed).toBeGreaterThan(100);
    const byRole = await surveyReport.report('healing-centered', undefined, 'role');
    for (const item of byRole.items) {
      const { before, after } = item.overall;
      expect(before.count).toBeGreaterThan(50);
      expect(after.count).toBeGreaterThan(50);
      const moved = (after.mean ?? 0) - (before.mean ?? 0);
      expect({ item: item.id, toward: item.reverse ? moved < -0.3 : moved > 0.3 }).toEqual({
        item: item.id,
        toward: true,
      });
    }
    const bySite = await surveyReport.report('carma', undefined, 'site');
    const hidden = bySite.items.flatMap((item) => item.groups).filter((group) => group.after.hidden);
    expect(hidden.length).toBeGreaterThan(0);
    // Nothing in the answers names a person or a time.
    const columns = Object.keys((await database.row(sql`SELECT * FROM survey_answers`)) ?? {}).sort();
    expect(columns).toEqual(['courseId', 'edition', 'id', 'itemId', 'jobRole', 'phase', 'siteCode', 'value']);
  });
});
