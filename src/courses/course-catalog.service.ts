import { type FSWatcher, watch } from 'node:fs';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import { todayIso } from '../common/clock.js';
import { type CourseAlert, CourseAlerts } from '../common/course-alerts.js';
import { StartupGate } from '../common/startup-gate.js';
import { AppConfig } from '../config/app-config.js';
import { type CourseScan, finishLoad, loadStoredEdition, scanCourses } from './course-loader.js';
import { CourseSnapshotsRepository } from './course-snapshots.repository.js';
import type { CourseEdition, CourseLoad, ProgramEdition } from './course.types.js';
import type { EditionFiles } from './edition-source.js';

/**
 * The courses currently served, loaded from COURSES_DIR on start and on reload (and, with
 * HEARTH_WATCH_COURSES, whenever a file changes). A reload swaps the whole catalogue at once.
 *
 * With the database (`snapshots`), every published edition that loads without problems is kept as a
 * snapshot of its files, by content hash; when a published edition's files later fail the check, its
 * newest snapshot is loaded instead (by the same loader), so that learners keep the course and HR its
 * numbers, while trainers, HR and admins see the problems on every page (`alerts`) until the files load.
 */
@Injectable()
export class CourseCatalog implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Courses');
  private state: CourseLoad = { found: [], courses: [], problems: [], warnings: [], foundPrograms: [], programs: [] };
  private loadedAt?: Date;
  private watcher?: FSWatcher;
  private pending?: NodeJS.Timeout;
  private readonly listeners: (() => void)[] = [];
  /** Loads take turns, so that the last one asked for is the one served. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    @Optional() private readonly snapshots?: CourseSnapshotsRepository,
    @Optional() private readonly alerts?: CourseAlerts,
    @Optional() private readonly gate?: StartupGate,
  ) {}

  async onModuleInit(): Promise<void> {
    // In the server the first load (Markdown, YAML: a quarter of a second) runs once listening, before
    // any request but /api/health (StartupGate). Nobody listens for it: start-up syncs on its own.
    if (this.gate) this.gate.add('Course loading', () => this.load$(false));
    else await this.load$(false);
    if (this.config.watchCourses) this.watch();
  }

  onModuleDestroy(): void {
    this.watcher?.close();
    clearTimeout(this.pending);
  }

  /**
   * Loads the courses again. Without the database (tests, benches) the load is done when this returns;
   * with it, when the promise resolves.
   */
  reload(): Promise<CourseLoad> {
    return this.load$(true);
  }

  private load$(notify: boolean): Promise<CourseLoad> {
    if (!this.snapshots) return Promise.resolve(this.serve(this.scan(), notify));
    const snapshots = this.snapshots;
    const next = this.queue.then(async () => {
      const scan = this.scan();
      try {
        await this.keepAndRecover(scan, snapshots);
      } catch (error) {
        // The files still load: a database that does not answer costs only the last good versions.
        this.logger.error(`Last good course versions unavailable: ${(error as Error).message}`);
      }
      return this.serve(scan, notify);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private scan(): CourseScan {
    return scanCourses(this.config.coursesDir, this.config.jobRoleIds, this.config.district);
  }

  private serve(scan: CourseScan, notify: boolean): CourseLoad {
    const state = finishLoad(scan);
    for (const problem of state.problems) {
      this.logger.warn(`${problem.file}${problem.line > 0 ? `:${problem.line}` : ''}: ${problem.message}`);
    }
    for (const warning of state.warnings) this.logger.warn(`${warning.file}:${warning.line}: warning: ${warning.message}`);
    const lastGood = state.found.filter((entry) => entry.lastGoodAt).length;
    const skipped = state.found.length - state.courses.length + state.foundPrograms.length - state.programs.length;
    const programs = state.foundPrograms.length > 0 ? ` and ${state.programs.length} program(s)` : '';
    this.logger.log(
      `Loaded ${state.courses.length - lastGood} course edition(s)${programs} from ${this.config.coursesDir}` +
        (lastGood > 0 ? `; ${lastGood} with problems served from its last good version` : '') +
        (skipped > 0 ? `; skipped ${skipped} with problems` : ''),
    );
    this.state = state;
    this.loadedAt = new Date();
    this.alerts?.set(alertsOf(state));
    if (notify) for (const listener of this.listeners) listener();
    return state;
  }

  /**
   * Keeps a snapshot of each published edition that loaded, unless the newest stored one has its hash
   * (a start with unchanged files writes nothing); puts the newest snapshot that still loads in place of
   * each edition whose files have problems and that has one (it was published).
   */
  private async keepAndRecover(scan: CourseScan, snapshots: CourseSnapshotsRepository): Promise<void> {
    const newest = await snapshots.newestHashes();
    for (const [entry, files] of scan.read) {
      const course = entry.course;
      if (!course || course.draft || newest.get(entry.folder) === course.contentHash) continue;
      await snapshots.keep(course.id, course.edition, course.contentHash, JSON.stringify(files), new Date());
    }
    for (const entry of scan.found) {
      if (entry.course || !newest.has(entry.folder)) continue;
      const [courseId, edition] = entry.folder.split('/');
      for (const version of await snapshots.versions(courseId, edition)) {
        const files = await snapshots.files(courseId, edition, version.contentHash);
        if (files === undefined) continue;
        const stored = loadStoredEdition(scan, entry.folder, JSON.parse(files) as EditionFiles);
        // A stored version that no longer loads (the job roles changed, say) is passed over.
        if (!stored.course || stored.course.draft) continue;
        Object.assign(entry, { id: courseId, edition, title: stored.course.title, draft: false, course: stored.course, lastGoodAt: version.goodAt });
        break;
      }
    }
  }

  /** Called after every load (e.g. to assign a new edition). */
  onReload(listener: () => void): void {
    this.listeners.push(listener);
  }

  private watch(): void {
    try {
      this.watcher = watch(this.config.coursesDir, { recursive: true }, () => {
        clearTimeout(this.pending);
        this.pending = setTimeout(() => void this.reload().catch((error: Error) => this.logger.error(error.message)), 300);
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

  /** When the courses last loaded (undefined before the first load). */
  get lastLoadedAt(): Date | undefined {
    return this.loadedAt;
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

/**
 * The editions to warn trainers, HR and admins about: each published one whose files have problems,
 * served from its last good version or (never having loaded here) not at all. Drafts are the trainers'
 * work in progress: their course list shows those.
 */
function alertsOf(state: CourseLoad): CourseAlert[] {
  return state.found
    .filter((entry) => entry.problems.length > 0 && (entry.lastGoodAt || !entry.draft))
    .map((entry) => ({
      folder: entry.folder,
      title: entry.title ? `${entry.title} ${entry.edition ?? ''}`.trim() : entry.folder,
      lastGoodAt: entry.lastGoodAt ?? null,
      problems: entry.problems,
    }));
}
