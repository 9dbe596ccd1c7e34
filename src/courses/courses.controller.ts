import { Controller, Get, HttpCode, NotFoundException, Optional, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { CourseReach } from '../common/course-reach.js';
import { Roles, SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { CourseCatalog } from './course-catalog.service.js';
import type { CourseEdition } from './course.types.js';
import { EditionQuery, ModuleParams } from './dto/course-params.dto.js';

/** What learners see of a course: never the answers. */
function publicCourse(course: CourseEdition) {
  return {
    id: course.id,
    edition: course.edition,
    title: course.title,
    summary: course.summary,
    estimatedMinutes: course.estimatedMinutes,
    pdHours: course.pdHours,
    audienceRoles: course.audienceRoles,
    opensOn: course.opensOn,
    dueDate: course.dueDate,
    newHireDueDays: course.newHireDueDays,
    passingScore: course.passingScore,
    attestation: course.attestation,
    contentHash: course.contentHash,
    modules: course.modules.map((m) => ({
      id: m.id,
      title: m.title,
      minutes: m.minutes,
      audienceRoles: m.audienceRoles,
      contentHash: m.contentHash,
    })),
  };
}

@ApiTags('courses')
@ApiBearerAuth()
@Controller('api/courses')
export class CoursesController {
  constructor(
    private readonly catalog: CourseCatalog,
    private readonly audit: AuditService,
    @Optional() private readonly reach?: CourseReach,
  ) {}

  /** The course ids the caller may read (a community learner: their cohort's), or null for all. */
  private readable(me: Principal): Promise<ReadonlySet<string> | null> {
    return this.reach?.of(me.accountId, Boolean(me.community)) ?? Promise.resolve(null);
  }

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'Published courses (every edition), without quiz answers' })
  async list(@Me() me: Principal) {
    const readable = await this.readable(me);
    return this.catalog
      .published()
      .filter((course) => !readable || readable.has(course.id))
      .map(publicCourse);
  }

  @Get('editions')
  @Roles('trainer', 'admin')
  @ApiOperation({ summary: 'Every edition found on disk, drafts and broken ones included, with its problems' })
  editions() {
    return this.catalog.load.found.map((entry) => ({
      folder: entry.folder,
      id: entry.id ?? null,
      edition: entry.edition ?? null,
      title: entry.title ?? null,
      draft: entry.draft,
      ready: Boolean(entry.course),
      // Set when the files have problems and learners get the last good version, loaded at that time.
      lastGoodAt: entry.lastGoodAt ?? null,
      problems: entry.problems,
    }));
  }

  @Post('reload')
  @HttpCode(200)
  @Roles('trainer', 'admin')
  @ApiOperation({ summary: 'Load the courses from disk again, without a restart' })
  async reload(@Me() me: Principal) {
    const result = await this.catalog.reload();
    await this.audit.record(
      me,
      { action: 'courses.reload', details: { editions: result.found.length, ready: result.courses.length, problems: result.problems.length } },
    );
    return { editions: result.found.length, ready: result.courses.length, problems: result.problems };
  }

  @Get(':courseId/modules/:moduleId')
  @SignedIn()
  @ApiOperation({ summary: 'One module of the edition in force (or ?edition=), rendered as HTML' })
  async module(@Me() me: Principal, @Param() params: ModuleParams, @Query() query: EditionQuery) {
    const readable = await this.readable(me);
    if (readable && !readable.has(params.courseId)) throw new NotFoundException('No such course module');
    const course = query.edition
      ? this.catalog.find(params.courseId, query.edition, { drafts: false })
      : this.catalog.current(params.courseId);
    const module = course?.modules.find((m) => m.id === params.moduleId);
    if (!course || !module) throw new NotFoundException('No such course module');
    return {
      id: module.id,
      title: module.title,
      minutes: module.minutes,
      contentNote: module.contentNote,
      html: module.html,
      courseId: course.id,
      edition: course.edition,
      contentHash: module.contentHash,
    };
  }
}
