import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { chunks, dateOnly } from '../staff/staff.repository.js';
import { StaffMember } from '../staff/staff-member.entity.js';
import type { AssignmentChanges, AssignmentFacts, StaffFacts } from './assignment-rules.js';
import { Assignment } from './assignment.entity.js';
import { ModuleProgress } from './module-progress.entity.js';
import { QuizAttempt } from './quiz-attempt.entity.js';

@Injectable()
export class AssignmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async staffFacts(manager?: EntityManager): Promise<StaffFacts[]> {
    const rows = await this.manager(manager)
      .createQueryBuilder(StaffMember, 's')
      .select([
        's.id AS "staffId"',
        's.job_role AS "jobRole"',
        's.status AS status',
        's.hire_date AS "hireDate"',
        's.changed_on AS "changedOn"',
      ])
      .getRawMany<{
        staffId: number;
        jobRole: string;
        status: StaffFacts['status'];
        hireDate: string | Date;
        changedOn: string | Date | null;
      }>();
    return rows.map((row) => ({
      staffId: Number(row.staffId),
      jobRole: row.jobRole,
      status: row.status,
      hireDate: dateOnly(row.hireDate),
      changedOn: row.changedOn ? dateOnly(row.changedOn) : null,
    }));
  }

  /** The assignments of these editions (keys `courseId@edition`). */
  async factsFor(
    editions: { courseId: string; edition: string }[],
    manager?: EntityManager,
  ): Promise<AssignmentFacts[]> {
    const facts: AssignmentFacts[] = [];
    for (const edition of editions) {
      const rows = await this.manager(manager)
        .getRepository(Assignment)
        .find({
          select: {
            id: true,
            staffId: true,
            courseId: true,
            edition: true,
            dueDate: true,
            exemptSource: true,
            exemptOn: true,
            withdrawnOn: true,
            startedAt: true,
            completedAt: true,
          },
          where: { courseId: edition.courseId, edition: edition.edition },
        });
      facts.push(...rows);
    }
    return facts;
  }

  /** Writes a plan in bulk: inserts in chunks, updates one statement per changed row. */
  async apply(changes: AssignmentChanges, manager: EntityManager): Promise<void> {
    const now = new Date();
    for (const batch of chunks(changes.create)) {
      await manager
        .getRepository(Assignment)
        .insert(batch.map((row) => ({ ...row, exemptReason: null, createdAt: now })));
    }
    for (const row of changes.update) {
      await manager.getRepository(Assignment).update(
        { id: row.id },
        {
          dueDate: row.dueDate,
          exemptSource: row.exemptSource,
          exemptOn: row.exemptOn,
          withdrawnOn: row.withdrawnOn,
          ...(row.exemptSource === 'hr' ? {} : { exemptReason: null }),
        },
      );
    }
  }

  /** A person's assignments: current ones and completed history, soonest due first. */
  forStaff(staffId: number): Promise<Assignment[]> {
    return this.dataSource
      .getRepository(Assignment)
      .createQueryBuilder('a')
      .where('a.staff_id = :staffId', { staffId })
      .andWhere('(a.withdrawn_on IS NULL OR a.completed_at IS NOT NULL)')
      .orderBy('a.completed_at IS NULL', 'DESC')
      .addOrderBy('a.due_date', 'ASC')
      .addOrderBy('a.course_id', 'ASC')
      .getMany();
  }

  /** The assignment a learner works on for a course: a given edition, else the newest not withdrawn. */
  async current(
    staffId: number,
    courseId: string,
    edition?: string,
    manager?: EntityManager,
  ): Promise<Assignment | null> {
    const query = this.manager(manager)
      .getRepository(Assignment)
      .createQueryBuilder('a')
      .where('a.staff_id = :staffId AND a.course_id = :courseId AND a.withdrawn_on IS NULL', {
        staffId,
        courseId,
      });
    if (edition) query.andWhere('a.edition = :edition', { edition });
    return query.orderBy('a.edition', 'DESC').getOne();
  }

  /** The assignments among these whose quiz has been passed. */
  async quizPassed(assignmentIds: number[]): Promise<Set<number>> {
    const passed = new Set<number>();
    for (const batch of chunks(assignmentIds)) {
      const rows = await this.dataSource
        .getRepository(QuizAttempt)
        .find({ select: { assignmentId: true }, where: { assignmentId: In(batch), passed: true } });
      for (const row of rows) passed.add(row.assignmentId);
    }
    return passed;
  }

  /** Module ids marked done, per assignment. */
  async modulesDone(assignmentIds: number[], manager?: EntityManager): Promise<Map<number, Set<string>>> {
    const done = new Map<number, Set<string>>();
    for (const batch of chunks(assignmentIds)) {
      const rows = await this.manager(manager)
        .getRepository(ModuleProgress)
        .find({ select: { assignmentId: true, moduleId: true }, where: { assignmentId: In(batch) } });
      for (const row of rows) {
        if (!done.has(row.assignmentId)) done.set(row.assignmentId, new Set());
        done.get(row.assignmentId)?.add(row.moduleId);
      }
    }
    return done;
  }
}
