import { type FSWatcher, watch } from 'node:fs';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import { todayIso } from '../common/clock.js';
import { StartupGate } from '../common/startup-gate.js';
import { AppConfig } from '../config/app-config.js';
import { loadCourses } from './course-loader.js';
import type { CourseEdition, CourseLoad, ProgramEdition } from './course.types.js';

/**
 * The courses currently served, loaded from COURSES_DIR on start and on reload (and, with
 * HEARTH_WATCH_COURSES, whenever a file changes). A reload swaps the whole catalogue at once.
 */
@Injectable()
export class CourseCatalog implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Courses');
  private state: CourseLoad = { found: [], courses: [], problems: [], warnings: [], foundPrograms: [], programs: [] };
  private watcher?: FSWatcher;
  private pending?: NodeJS.Timeout;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly config: AppConfig,
    @Optional() private readonly gate?: StartupGate,
  ) {}

  onModuleInit(): void {
    // In the server the first load (Markdown, YAML: a quarter of a second) runs once listening, before
    // any request but /api/health (StartupGate). Nobody listens for it: start-up syncs on its own.
    if (this.gate) this.gate.add('Course loading', () => Promise.resolve(this.loadNow(false)));
    else this.loadNow(false);
    if (this.config.watchCourses) this.watch();
  }

  onModuleDestroy(): void {
    this.watcher?.close();
    clearTimeout(this.pending);
  }

  reload(): CourseLoad {
    return this.loadNow(true);
  }

  private loadNow(notify: boolean): CourseLoad {
    const state = loadCourses(this.config.coursesDir, this.config.jobRoleIds, this.config.district);
    for (const problem of state.problems) {
      this.logger.warn(`${problem.file}${problem.line > 0 ? `:${problem.line}` : ''}: ${problem.message}`);
    }
    for (const warning of state.warnings) this.logger.warn(`${warning.file}:${warning.line}: warning: ${warning.message}`);
    const skipped = state.found.length - state.courses.length + state.foundPrograms.length - state.programs.length;
    const programs = state.foundPrograms.length > 0 ? ` and ${state.programs.length} program(s)` : '';
    this.logger.log(
      `Loaded ${state.courses.length} course edition(s)${programs} from ${this.config.coursesDir}` + (skipped > 0 ? `; skipped ${skipped} with problems` : ''),
    );
    this.state = state;
    if (notify) for (const listener of this.listeners) listener();
    return state;
  }

  /** Called after every load (e.g. to assign a new edition). */
  onReload(listener: () => void): void {
    this.listeners.push(listener);
  }

  private watch(): void {
    try {
      this.watcher = watch(this.config.coursesDir, { recursive: true }, () => {
        clearTimeout(this.pending);
        this.pending = setTimeout(() => this.reload(), 300);
      });
      this.logger.log(`Watching ${this.config.coursesDir} for changes`);
    } catch (error) {
      this.logger.warn(`Cannot watch ${this.config.coursesDir}: ${(error as Error).message}`);
    }
  }

  /** Everything found on disk, drafts and broken editions included (trainers only). */
  get load(): CourseLoad {
    return this.state;
  }

  /** Editions learners may see: loaded and not drafts. */
  published(): CourseEdition[] {
    return this.state.courses.filter((course) => !course.draft);
  }

  find(courseId: string, edition: string, options: { drafts: boolean }): CourseEdition | undefined {
    return this.state.courses.find((c) => c.id === courseId && c.edition === edition && (options.drafts || !c.draft));
  }

  /** Program editions learners may see: loaded and not drafts. */
  publishedPrograms(): ProgramEdition[] {
    return this.state.programs.filter((program) => !program.draft);
  }

  /** The edition in force today: the latest opened, else the next to open. */
  current(courseId: string): CourseEdition | undefined {
    const today = todayIso(this.config);
    const editions = this.published()
      .filter((course) => course.id === courseId)
      .sort((a, b) => a.opensOn.localeCompare(b.opensOn));
    return editions.filter((course) => course.opensOn <= today).at(-1) ?? editions[0];
  }
}
