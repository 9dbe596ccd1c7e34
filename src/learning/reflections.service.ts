import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { momentNow } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { ProgressService } from './progress.service.js';
import { ReflectionsRepository } from './reflections.repository.js';

/** How long a reflection may be (the contract's bound). */
export const REFLECTION_MAX = 10_000;

export interface MyReflection {
  courseId: string;
  edition: string;
  courseTitle: string;
  moduleId: string;
  moduleTitle: string;
  text: string;
  updatedAt: Date;
}

/**
 * A learner's private reflections. Every use case here is the signed-in person's own: there is no way
 * to name another account, so no role can read someone else's, and nothing is audited or logged (an
 * audit entry would be a copy in a place others read).
 */
@Injectable()
export class ReflectionsService {
  constructor(
    private readonly reflections: ReflectionsRepository,
    private readonly progress: ProgressService,
    private readonly catalog: CourseCatalog,
    private readonly config: AppConfig,
  ) {}

  /** Saves the person's answer to a module's prompt in their current assignment of the course. */
  async save(
    accountId: number,
    courseId: string,
    moduleId: string,
    text: unknown,
  ): Promise<{ saved: boolean }> {
    if (typeof text !== 'string') throw new BadRequestException(['text must be text']);
    const body = text.replace(/\r\n/g, '\n').trim();
    if (body.length > REFLECTION_MAX)
      throw new BadRequestException([
        `text must be at most ${REFLECTION_MAX.toLocaleString('en-US')} characters`,
      ]);
    const work = await this.progress.workOf({ accountId, courseId });
    const module = work.course.modules.find((m) => m.id === moduleId);
    if (!module) throw new NotFoundException(`No module "${moduleId}" in this course`);
    if (!module.reflection)
      throw new BadRequestException([`The module "${moduleId}" asks for no reflection`]);
    await this.reflections.save(
      { accountId, courseId, edition: work.course.edition, moduleId },
      body,
      momentNow(this.config),
    );
    return { saved: body !== '' };
  }

  /** The person's answer to one module's prompt, if any. */
  async text(accountId: number, courseId: string, edition: string, moduleId: string): Promise<string> {
    return (await this.reflections.one({ accountId, courseId, edition, moduleId }))?.body ?? '';
  }

  /** All of the person's reflections, with the titles of their courses and modules. */
  async mine(accountId: number): Promise<MyReflection[]> {
    return (await this.reflections.mine(accountId)).map((row) => {
      const course = this.catalog.find(row.courseId, row.edition, { drafts: false });
      return {
        courseId: row.courseId,
        edition: row.edition,
        courseTitle: course?.title ?? row.courseId,
        moduleId: row.moduleId,
        moduleTitle: course?.modules.find((m) => m.id === row.moduleId)?.title ?? row.moduleId,
        text: row.body,
        updatedAt: row.updatedAt,
      };
    });
  }
}
