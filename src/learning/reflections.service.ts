import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { momentNow } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { FollowUpsService } from './followups.service.js';
import { ProgressService } from './progress.service.js';
import { ReflectionsRepository } from './reflections.repository.js';

/** How long a reflection may be (the contract's bound). */
export const REFLECTION_MAX = 10_000;

/**
 * A follow-up's reflection is kept beside the modules' under this prefix, which no module id (a slug) can
 * begin with; follow-up ids are short enough for the prefix to fit the column.
 */
const FOLLOW_UP_KEY = 'followup:';
const followUpKey = (id: string) => `${FOLLOW_UP_KEY}${id}`;

export interface MyReflection {
  courseId: string;
  edition: string;
  courseTitle: string;
  /** The module whose prompt it answers, or null for a follow-up's. */
  moduleId: string | null;
  followUpId: string | null;
  /** The module's title, or "Follow-up: " and the follow-up's. */
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
    private readonly followUps: FollowUpsService,
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
    const body = readText(text);
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

  /** Saves the person's answer to a follow-up's reflection (of a course they completed). */
  async saveFollowUp(
    accountId: number,
    courseId: string,
    followUpId: string,
    text: unknown,
  ): Promise<{ saved: boolean }> {
    const body = readText(text);
    const followUp = await this.followUps.one(accountId, courseId, followUpId);
    const where = { accountId, courseId, edition: followUp.edition, moduleId: followUpKey(followUpId) };
    await this.reflections.save(where, body, momentNow(this.config));
    return { saved: body !== '' };
  }

  /** The person's answer to one module's prompt (or a follow-up's), if any. */
  async text(
    accountId: number,
    courseId: string,
    edition: string,
    prompt: { moduleId: string } | { followUpId: string },
  ): Promise<string> {
    const moduleId = 'moduleId' in prompt ? prompt.moduleId : followUpKey(prompt.followUpId);
    return (await this.reflections.one({ accountId, courseId, edition, moduleId }))?.body ?? '';
  }

  /** All of the person's reflections, with the titles of their courses and modules. */
  async mine(accountId: number): Promise<MyReflection[]> {
    return (await this.reflections.mine(accountId)).map((row) => {
      const course = this.catalog.find(row.courseId, row.edition, { drafts: false });
      const followUpId = row.moduleId.startsWith(FOLLOW_UP_KEY)
        ? row.moduleId.slice(FOLLOW_UP_KEY.length)
        : null;
      const title = followUpId
        ? `Follow-up: ${course?.followUps.find((f) => f.id === followUpId)?.title ?? followUpId}`
        : (course?.modules.find((m) => m.id === row.moduleId)?.title ?? row.moduleId);
      return {
        courseId: row.courseId,
        edition: row.edition,
        courseTitle: course?.title ?? row.courseId,
        moduleId: followUpId ? null : row.moduleId,
        followUpId,
        moduleTitle: title,
        text: row.body,
        updatedAt: row.updatedAt,
      };
    });
  }
}

function readText(text: unknown): string {
  if (typeof text !== 'string') throw new BadRequestException(['text must be text']);
  const body = text.replace(/\r\n/g, '\n').trim();
  if (body.length > REFLECTION_MAX)
    throw new BadRequestException([
      `text must be at most ${REFLECTION_MAX.toLocaleString('en-US')} characters`,
    ]);
  return body;
}
