import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { Certificate } from '../../src/certificates/certificate.entity.js';
import { CertificatesRepository } from '../../src/certificates/certificates.repository.js';
import { CertificatesService } from '../../src/certificates/certificates.service.js';
import { localDay, momentNow } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/app-config.js';
import { CourseCatalog } from '../../src/courses/course-catalog.service.js';
import { seedDemoProgress } from '../../src/demo/demo-progress.js';
import { DEMO_ACCOUNTS, demoRoster } from '../../src/demo/demo-roster.js';
import { Assignment } from '../../src/learning/assignment.entity.js';
import { AssignmentsRepository } from '../../src/learning/assignments.repository.js';
import { AssignmentsService } from '../../src/learning/assignments.service.js';
import { ProgressService } from '../../src/learning/progress.service.js';
import { ComplianceService } from '../../src/reports/compliance.service.js';
import { ReportsRepository } from '../../src/reports/reports.repository.js';
import { RosterImportService } from '../../src/staff/roster-import.service.js';
import { StaffMember } from '../../src/staff/staff-member.entity.js';
import { StaffRepository } from '../../src/staff/staff.repository.js';
import { openTestDatabase } from '../support/test-database.js';

const TODAY = '2026-11-23';

describe('the demo district (real services, the shipped courses)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let compliance: ComplianceService;
  let seeded: { started: number; completed: number };

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    ({ dataSource, close } = await openTestDatabase());
    const config = loadConfig({ COURSES_DIR: resolve('courses'), HEARTH_TODAY: TODAY });
    const catalog = new CourseCatalog(config);
    catalog.reload();
    const audit = new AuditService(dataSource.getRepository(AuditEntry));
    const staff = new StaffRepository(dataSource);
    const importer = new RosterImportService(dataSource, staff, audit, config);
    const repository = new AssignmentsRepository(dataSource);
    new AssignmentsService(dataSource, repository, catalog, staff, audit, config, importer);
    const progress = new ProgressService(dataSource, repository, staff, catalog, config);
    new CertificatesService(dataSource, new CertificatesRepository(dataSource), audit, config).attachTo(
      progress,
    );
    const imported = await importer.apply(demoRoster(), { sync: false, dryRun: false, source: 'demo' }, null);
    if (!imported.ok) throw new Error('the demo roster is invalid');
    seeded = await seedDemoProgress(dataSource, progress, momentNow(config));
    compliance = new ComplianceService(new ReportsRepository(dataSource), catalog, config);
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
    const completed = await dataSource
      .getRepository(Assignment)
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.staff', 's')
      .where('a.completed_at IS NOT NULL')
      .getMany();
    const latest = momentNow({ today: TODAY });
    const certificates = await dataSource.getRepository(Certificate).find();
    expect(certificates).toHaveLength(completed.length);
    const byAssignment = new Map(certificates.map((c) => [c.assignmentId, c]));
    for (const assignment of completed) {
      expect(byAssignment.get(assignment.id)?.completedAt).toEqual(assignment.completedAt);
      const [startedAt, completedAt] = [assignment.startedAt as Date, assignment.completedAt as Date];
      const staff = assignment.staff as StaffMember;
      // Local days, as the certificate and the reports read them.
      expect(localDay(completedAt) <= TODAY).toBe(true);
      expect(completedAt.getTime()).toBeLessThanOrEqual(latest.getTime());
      expect(localDay(startedAt) >= staff.hireDate).toBe(true);
      expect(startedAt.getTime()).toBeLessThanOrEqual(completedAt.getTime());
      expect(assignment.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('leaves the demo sign-ins untouched, to try the courses themselves', async () => {
    const mine = await dataSource
      .getRepository(Assignment)
      .createQueryBuilder('a')
      .innerJoin('a.staff', 's')
      .where('s.employee_id IN (:...ids)', { ids: DEMO_ACCOUNTS.map((a) => a.employeeId) })
      .andWhere('a.started_at IS NOT NULL')
      .getCount();
    expect(mine).toBe(0);
  });
});
