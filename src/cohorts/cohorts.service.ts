import {
  BadRequestException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { longDate, momentNow, todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { Database } from '../database/database.js';
import { displayCohortCode, newCohortCode } from './cohort-code.js';
import type { Cohort } from './cohort.entity.js';
import { closedOn } from './cohort-rules.js';
import { CohortsRepository, type CommunityLearnerRow } from './cohorts.repository.js';
import type { CreateCohortDto } from './dto/cohort.dto.js';

/** A cohort as the API and the pages show it. */
export interface CohortView {
  id: number;
  name: string;
  /** Grouped for people: 7KQ2-M9XD-4TR8. */
  code: string;
  /** The join page with the code filled in: what HR sends out. */
  url: string;
  courses: { courseId: string; title: string }[];
  closesOn: string;
  /** Null while people may join. */
  closedOn: string | null;
  open: boolean;
  learners: number;
  createdAt: string;
}

export interface CohortReport {
  asOf: string;
  cohorts: (Pick<CohortView, 'id' | 'name' | 'closesOn' | 'closedOn' | 'open' | 'learners'> & {
    courses: {
      courseId: string;
      title: string;
      joined: number;
      started: number;
      completed: number;
      certificates: number;
    }[];
  })[];
}

/** HR's side of community cohorts: create one (with its code), list, show, close, and the report. */
@Injectable()
export class CohortsService {
  constructor(
    private readonly database: Database,
    private readonly cohorts: CohortsRepository,
    private readonly catalog: CourseCatalog,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** `actor` null: the system (the demo district). */
  async create(input: CreateCohortDto, actor: Actor | null): Promise<CohortView> {
    const today = todayIso(this.config);
    if (input.closesOn < today)
      throw new BadRequestException([`closesOn must not be in the past (today is ${longDate(today)})`]);
    const courseIds = [...new Set(input.courseIds)];
    const published = new Set(this.catalog.published().map((course) => course.id));
    const unknown = courseIds.filter((id) => !published.has(id));
    if (unknown.length > 0)
      throw new UnprocessableEntityException({
        statusCode: 422,
        message: unknown.map((id) => `courseIds: there is no published course "${id}"`),
      });
    const name = input.name.trim();
    const id = await this.database.transaction(async () => {
      const created = await this.cohorts.create({
        name,
        code: newCohortCode(),
        courseIds,
        closesOn: input.closesOn,
        createdByAccountId: actor?.accountId ?? null,
        createdAt: new Date(),
      });
      // The code is not in the log: the log is read more widely than the cohort page.
      await this.audit.record(actor, {
        action: 'cohort.create',
        target: `cohort ${created}`,
        details: { name, courseIds, closesOn: input.closesOn },
      });
      return created;
    });
    return this.show(id);
  }

  async list(): Promise<CohortView[]> {
    return (await this.cohorts.list()).map((cohort) => this.view(cohort, cohort.learners));
  }

  async show(id: number): Promise<CohortView> {
    const found = (await this.cohorts.list()).find((cohort) => cohort.id === id);
    if (!found) throw new NotFoundException(`No cohort ${id}`);
    return this.view(found, found.learners);
  }

  /** The people who joined, for HR's cohort page. */
  async learners(id: number): Promise<CommunityLearnerRow[]> {
    return this.cohorts.learners(id);
  }

  /** Stops new joins now; what people started or finished is untouched. Closing twice changes nothing. */
  async close(id: number, actor: Actor): Promise<CohortView> {
    const cohort = await this.cohorts.byId(id);
    if (!cohort) throw new NotFoundException(`No cohort ${id}`);
    await this.database.transaction(async () => {
      if (await this.cohorts.close(id, momentNow(this.config)))
        await this.audit.record(actor, {
          action: 'cohort.close',
          target: `cohort ${id}`,
          details: { name: cohort.name },
        });
    });
    return this.show(id);
  }

  /** Per cohort and course: joined, started, completed, certificates. Apart from every staff report. */
  async report(): Promise<CohortReport> {
    const [cohorts, counts] = await Promise.all([this.cohorts.list(), this.cohorts.courseCounts()]);
    return {
      asOf: todayIso(this.config),
      cohorts: cohorts.map((cohort) => {
        const view = this.view(cohort, cohort.learners);
        return {
          id: view.id,
          name: view.name,
          closesOn: view.closesOn,
          closedOn: view.closedOn,
          open: view.open,
          learners: view.learners,
          courses: view.courses.map((course) => {
            const found = counts.find((c) => c.cohortId === cohort.id && c.courseId === course.courseId);
            return {
              ...course,
              joined: found?.joined ?? 0,
              started: found?.started ?? 0,
              completed: found?.completed ?? 0,
              certificates: found?.certificates ?? 0,
            };
          }),
        };
      }),
    };
  }

  private view(cohort: Cohort, learners: number): CohortView {
    const closed = closedOn(cohort, todayIso(this.config));
    return {
      id: cohort.id,
      name: cohort.name,
      code: displayCohortCode(cohort.code),
      url: `${this.config.publicUrl}/join/${displayCohortCode(cohort.code)}`,
      courses: cohort.courseIds.map((courseId) => ({
        courseId,
        title: this.catalog.current(courseId)?.title ?? courseId,
      })),
      closesOn: cohort.closesOn,
      closedOn: closed,
      open: closed === null,
      learners,
      createdAt: cohort.createdAt.toISOString(),
    };
  }
}
