import { resolve } from 'node:path';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { Certificate } from '../../src/certificates/certificate.entity.js';
import { newSerial } from '../../src/certificates/serial.js';
import { loadCourses } from '../../src/courses/course-loader.js';
import type { CourseEdition } from '../../src/courses/course.types.js';
import { Database } from '../../src/database/database.js';
import { chunks } from '../../src/database/rows.js';
import { sql } from '../../src/database/sql.js';
import { Account } from '../../src/identity/account.entity.js';
import type { Role } from '../../src/identity/roles.js';
import { type AssignmentStatus, planAssignments, statusOf } from '../../src/learning/assignment-rules.js';
import { Assignment } from '../../src/learning/assignment.entity.js';
import { AssignmentsRepository } from '../../src/learning/assignments.repository.js';
import { rulesOf } from '../../src/learning/assignments.service.js';
import { ModuleProgress } from '../../src/learning/module-progress.entity.js';
import { QuizAttempt } from '../../src/learning/quiz-attempt.entity.js';
import { QuizChoice } from '../../src/learning/quiz-choice.entity.js';
import { Site } from '../../src/staff/site.entity.js';
import { StaffMember, type StaffStatus } from '../../src/staff/staff-member.entity.js';
import { staffSearchText } from '../../src/staff/staff-search.js';
import { createTestDatabase, openDataSource, type TestDatabase } from '../support/test-database.js';
import { makePeople, makeSites, type Person } from './district-people.js';
import { decide, DISTRICT_TODAY, type Outcome } from './district-outcomes.js';
import { QuizAnswers } from './quiz-answers.js';
import { type Random, seededRandom, shuffle } from './random.js';

export { DISTRICT_TODAY };

export interface DistrictOptions {
  staff?: number;
  sites?: number;
  /** Share of (non-exempt) assignments completed; about 0.8 in a district late in the autumn. */
  completedShare?: number;
  seed?: number;
}

export interface DistrictCounts {
  staff: number;
  sites: number;
  /** Assignments not withdrawn, by the status the app computes on DISTRICT_TODAY. */
  assignments: number;
  byStatus: Record<AssignmentStatus, number>;
  certificates: number;
  moduleProgress: number;
  quizAttempts: number;
  quizChoices: number;
}

/** A module a learner has not marked done yet: one real write for the module-complete bench. */
export interface OpenModule {
  accountId: number;
  courseId: string;
  moduleId: string;
}

export interface District {
  db: TestDatabase;
  today: string;
  courses: CourseEdition[];
  counts: DistrictCounts;
  /** Accounts of active staff with at least one assignment (for sessions). */
  learnerAccountIds: number[];
  /** Accounts holding hr and admin (the first two people). */
  hrAccountId: number;
  openModules: OpenModule[];
  seconds: number;
}

const STAFF_CHUNK = 1000;
async function writeChunk(
  manager: EntityManager,
  people: Person[],
  siteIds: Map<string, number>,
  courses: CourseEdition[],
  answers: Map<string, QuizAnswers>,
  options: Required<DistrictOptions>,
  random: Random,
  counts: DistrictCounts,
): Promise<void> {
  const created = new Date(`${course0Opens(courses)}T08:00:00Z`);
  await manager.getRepository(Account).insert(
    people.map((p) => ({
      email: p.email,
      passwordHash: null,
      roles: p.roles as Role[],
      createdAt: created,
    })),
  );
  const accounts = await manager.getRepository(Account).find({
    select: { id: true, email: true },
    where: { email: In(people.map((p) => p.email)) },
  });
  const accountIds = new Map(accounts.map((a) => [a.email, a.id]));
  await manager.getRepository(StaffMember).insert(
    people.map((p) => ({
      employeeId: p.employeeId,
      accountId: accountIds.get(p.email) as number,
      firstName: p.firstName,
      lastName: p.lastName,
      searchText: staffSearchText(p),
      siteId: siteIds.get(p.siteCode) as number,
      jobRole: p.jobRole,
      hireDate: p.hireDate,
      status: p.status,
      changedOn: p.changedOn,
      createdAt: created,
      updatedAt: created,
    })),
  );
  const staff = await manager.getRepository(StaffMember).find({
    select: { id: true, accountId: true, firstName: true, lastName: true, jobRole: true, status: true },
    where: { accountId: In([...accountIds.values()]) },
  });
  const byStaffId = new Map(staff.map((s) => [s.id, s]));
  const personOf = new Map(people.map((p) => [accountIds.get(p.email), p]));

  // The app's own rules decide who is assigned what and when it is due.
  const facts = staff.map((s) => {
    const p = personOf.get(s.accountId) as Person;
    return {
      staffId: s.id,
      jobRole: p.jobRole,
      status: p.status,
      hireDate: p.hireDate,
      changedOn: p.changedOn,
    };
  });
  const plan = planAssignments(facts, courses.map(rulesOf), [], DISTRICT_TODAY);
  const outcomes: Outcome[] = plan.create.map((create) => {
    const course = courses.find((c) => c.id === create.courseId) as CourseEdition;
    const member = byStaffId.get(create.staffId) as StaffMember;
    const person = personOf.get(member.accountId) as Person;
    const row: Outcome['row'] = {
      ...create,
      communityLearnerId: null,
      exemptReason: null,
      startedAt: null,
      attestedAt: null,
      completedAt: null,
      contentHash: null,
      quizScore: null,
      createdAt: created,
    };
    const work = decide(
      course,
      answers.get(course.id) as QuizAnswers,
      row,
      person,
      options.completedShare,
      random,
    );
    return {
      row,
      course,
      accountId: member.accountId,
      holderName: `${member.firstName} ${member.lastName}`,
      ...work,
    };
  });
  await insertAll(
    manager,
    Assignment,
    outcomes.map((o) => o.row),
  );
  const ids = await manager.getRepository(Assignment).find({
    select: { id: true, staffId: true, courseId: true },
    where: { staffId: In(staff.map((s) => s.id)) },
  });
  const idOf = new Map(ids.map((a) => [`${a.staffId}|${a.courseId}`, a.id]));
  const assignmentId = (o: Outcome) => idOf.get(`${o.row.staffId}|${o.row.courseId}`) as number;

  const progress = outcomes.flatMap((o) =>
    o.course.modules.slice(0, o.modulesDone).map((m, i) => ({
      assignmentId: assignmentId(o),
      moduleId: m.id,
      contentHash: m.contentHash,
      completedAt: new Date((o.row.startedAt as Date).getTime() + i * 9 * 60_000),
    })),
  );
  await insertAll(manager, ModuleProgress, progress);
  counts.moduleProgress += progress.length;

  const attempts = outcomes.flatMap((o) =>
    o.attempts.map((a, i) => ({
      assignmentId: assignmentId(o),
      number: i + 1,
      score: a.score,
      passed: a.passed,
      contentHash: o.course.contentHash,
      submittedAt: new Date(
        (o.row.completedAt ?? (o.row.startedAt as Date)).getTime() - (o.attempts.length - i) * 60_000,
      ),
    })),
  );
  await insertAll(manager, QuizAttempt, attempts);
  const attemptIds = new Map<string, number>();
  for (const batch of chunks(attempts.map((a) => a.assignmentId))) {
    const rows = await manager.getRepository(QuizAttempt).find({
      select: { id: true, assignmentId: true, number: true },
      where: { assignmentId: In(batch) },
    });
    for (const row of rows) attemptIds.set(`${row.assignmentId}|${row.number}`, row.id);
  }
  const choices = outcomes.flatMap((o) =>
    o.attempts.flatMap((a, i) => {
      const attemptId = attemptIds.get(`${assignmentId(o)}|${i + 1}`) as number;
      return [...a.chosen].flatMap(([questionId, optionIds]) =>
        optionIds.map((optionId) => ({
          attemptId,
          questionId,
          optionId,
          questionCorrect: a.correct.get(questionId) ?? false,
        })),
      );
    }),
  );
  await insertAll(manager, QuizChoice, choices);
  counts.quizAttempts += attempts.length;
  counts.quizChoices += choices.length;

  const completed = outcomes.filter((o) => o.row.completedAt);
  await insertAll(
    manager,
    Certificate,
    completed.map((o) => ({
      serial: newSerial(),
      assignmentId: assignmentId(o),
      staffId: o.row.staffId,
      holderName: o.holderName,
      courseId: o.course.id,
      courseTitle: o.course.title,
      edition: o.course.edition,
      pdHoursX100: Math.round(o.course.pdHours * 100),
      completedAt: o.row.completedAt as Date,
      contentHash: o.course.contentHash,
      revokedAt: null,
      revokedReason: null,
    })),
  );
  counts.certificates += completed.length;
}

const course0Opens = (courses: CourseEdition[]) => courses.map((c) => c.opensOn).sort()[0];

async function insertAll<T extends object>(
  manager: EntityManager,
  entity: new () => T,
  rows: object[],
): Promise<void> {
  // SQLite binds at most 32,766 values: 1,000 rows of up to 14 columns stay well below.
  for (const batch of chunks(rows)) await manager.getRepository(entity).insert(batch);
}

/**
 * A realistic district, written in bulk into a fresh database built by the migrations: `staff` people at
 * `sites` sites (default 10,000 and 50), the shipped courses assigned by the app's own rules, and on
 * DISTRICT_TODAY about 80% completed (with quiz attempts, per-question choices and certificates), some in
 * progress, some overdue, some exempt. Deterministic for a given seed. The caller drops `db`.
 */
export async function generateDistrict(options: DistrictOptions = {}): Promise<District> {
  const started = performance.now();
  const settings: Required<DistrictOptions> = {
    staff: 10_000,
    sites: 50,
    completedShare: 0.82,
    seed: 2026,
    ...options,
  };
  const random = seededRandom(settings.seed);
  const load = loadCourses(resolve('courses'));
  const courses = load.courses.filter((c) => !c.draft);
  if (courses.length === 0)
    throw new Error(`No courses to assign: ${JSON.stringify(load.problems.slice(0, 3))}`);
  const answers = new Map(courses.map((c) => [c.id, new QuizAnswers(c.quiz, c.passingScore, random)]));
  const counts: DistrictCounts = {
    staff: settings.staff,
    sites: settings.sites,
    assignments: 0,
    byStatus: { not_started: 0, in_progress: 0, completed: 0, overdue: 0, exempt: 0 },
    certificates: 0,
    moduleProgress: 0,
    quizAttempts: 0,
    quizChoices: 0,
  };

  const db = await createTestDatabase();
  // The district is written with TypeORM's own connection (test data); the app's door reads it back.
  const dataSource = await openDataSource(db.target);
  try {
    const sites = makeSites(settings.sites);
    await dataSource.getRepository(Site).insert(sites);
    const siteIds = new Map((await dataSource.getRepository(Site).find()).map((s) => [s.code, s.id]));
    const people = makePeople(settings.staff, sites, random);
    for (const batch of chunks(people, STAFF_CHUNK)) {
      await dataSource.transaction((manager) =>
        writeChunk(manager, batch, siteIds, courses, answers, settings, random, counts),
      );
    }
    const summary = await summarize(db, courses);
    const hr = await dataSource.getRepository(Account).findOneByOrFail({ email: people[0].email });
    return {
      db,
      today: DISTRICT_TODAY,
      courses,
      counts: { ...counts, ...summary.counts },
      learnerAccountIds: summary.learnerAccountIds,
      hrAccountId: hr.id,
      openModules: summary.openModules,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    await dataSource.destroy();
    await db.drop();
    throw error;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

/** Reads the district back as the app sees it, and checks the app's sync would change nothing. */
export async function summarize(db: TestDatabase, courses: CourseEdition[]) {
  const database = await Database.open(db.target);
  try {
    return await summarizeWith(database, courses);
  } finally {
    await database.close();
  }
}

async function summarizeWith(database: Database, courses: CourseEdition[]) {
  const repository = new AssignmentsRepository(database);
  const editions = courses.map(rulesOf);
  const [staff, facts] = await Promise.all([repository.staffFacts(), repository.factsFor(editions)]);
  const drift = planAssignments(staff, editions, facts, DISTRICT_TODAY);
  if (drift.create.length + drift.update.length > 0) {
    throw new Error(
      `The district disagrees with the assignment rules: ${JSON.stringify(drift).slice(0, 300)}`,
    );
  }
  const byStatus: Record<AssignmentStatus, number> = {
    not_started: 0,
    in_progress: 0,
    completed: 0,
    overdue: 0,
    exempt: 0,
  };
  const live = facts.filter((a) => !a.withdrawnOn);
  for (const row of live) byStatus[statusOf(row, DISTRICT_TODAY)]++;

  const members = await database.rows<Pick<StaffMember, 'id' | 'accountId' | 'status'>>(
    sql`SELECT id, account_id, status FROM staff`,
  );
  const accountOf = new Map(members.map((m) => [m.id, m]));
  const done = await repository.modulesDone(live.map((a) => a.id));
  const openModules: OpenModule[] = [];
  const learners = new Set<number>();
  for (const row of live) {
    const member = accountOf.get(row.staffId) as { accountId: number; status: StaffStatus };
    if (member.status === 'active') learners.add(member.accountId);
    if (row.completedAt || row.exemptSource) continue;
    const course = courses.find((c) => c.id === row.courseId) as CourseEdition;
    const finished = done.get(row.id) ?? new Set<string>();
    for (const module of course.modules) {
      if (!finished.has(module.id))
        openModules.push({ accountId: member.accountId, courseId: course.id, moduleId: module.id });
    }
  }
  // Interleave people so concurrent requests touch different assignments, as real traffic does.
  shuffle(openModules, seededRandom(7));
  return {
    counts: { assignments: live.length, byStatus },
    learnerAccountIds: [...learners],
    openModules,
  };
}
