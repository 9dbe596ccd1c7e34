import { existsSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { EDITION } from '../common/validation.js';
import { DEFAULT_DISTRICT_SETTINGS, type DistrictSettings } from '../config/district-settings.js';
import { DEFAULT_JOB_ROLES } from '../config/job-roles.js';
import { answerCueWarnings } from './answer-cues.js';
import { inAudience } from './audience.js';
import {
  type CourseLoad,
  type CourseModule,
  type CourseProblem,
  type CourseResource,
  type FoundEdition,
  type ResourceKind,
} from './course.types.js';
import { fillText } from './district-text.js';
import {
  type Context,
  readAudience,
  readCourseFile,
  readMarkdownFile,
  rel,
  renderChecked,
  sha256,
} from './edition-files.js';
import { DiskSource, type EditionFiles, errorText, SnapshotSource } from './edition-source.js';
import type { Fields } from './fields.js';
import { countWords, createMarkdown } from './markdown.js';
import { loadFollowUps } from './followup-loader.js';
import { loadProgram } from './program-loader.js';
import { districtField, parseQuiz, type ParsedQuiz } from './quiz-loader.js';
import { loadSurvey } from './survey-loader.js';

/**
 * The most words a job aid may print, so that it fits one US Letter sheet with the print styles. Measured
 * by printing job aids from Chromium and growing them until they spilled onto a second sheet: prose
 * spilled at about 550 words, short list items at about 480, a two-column table between 412 and 447.
 * test/browser/resources.test.ts prints every shipped job aid to check.
 */
export const JOB_AID_MAX_WORDS = 400;

const RESOURCE_KINDS: readonly string[] = ['references', 'job-aid'] satisfies ResourceKind[];

/**
 * Loads every course edition under `root` (one folder per edition: `<course>/<edition>/course.md`,
 * `modules/*.md`, `quiz.yaml`, optionally `resources/*.md` and `followups/*.md`). Every problem is reported with its file and line; an edition with any
 * problem is left out of `courses`, and the others are still served. Folder names must match the
 * course's `id` and `edition`, so two editions can never claim the same id. It never throws: a file that
 * is not a regular file, is over MAX_FILE_BYTES, or has YAML aliases or nesting beyond their bounds is a
 * problem of its edition, and so is anything unforeseen while loading one (at the file being read).
 */
export function loadCourses(
  root: string,
  jobRoles: readonly string[] = DEFAULT_JOB_ROLES.map((role) => role.id),
  district: DistrictSettings = DEFAULT_DISTRICT_SETTINGS,
): CourseLoad {
  return finishLoad(scanCourses(root, jobRoles, district));
}

/**
 * The first half of a load: every course edition under `root`, each loaded from disk. Between the halves
 * the catalog may put a stored last good version in place of an edition whose files have problems
 * (`loadStoredEdition`); `finishLoad` then loads the programs against the courses served.
 */
export interface CourseScan {
  where: Pick<Context, 'root' | 'md' | 'jobRoles' | 'district'>;
  found: FoundEdition[];
  /** What the loader read of each edition that loaded without problems: its snapshot, if one is kept. */
  read: Map<FoundEdition, EditionFiles>;
  programDirs: string[];
  /** Problems of the courses folder itself (missing, unreadable). */
  problems: CourseProblem[];
}

export function scanCourses(
  root: string,
  jobRoles: readonly string[] = DEFAULT_JOB_ROLES.map((role) => role.id),
  district: DistrictSettings = DEFAULT_DISTRICT_SETTINGS,
): CourseScan {
  const scan: CourseScan = { where: { root, md: createMarkdown(), jobRoles, district }, found: [], read: new Map(), programDirs: [], problems: [] };
  if (!existsSync(root)) {
    scan.problems.push({ file: '.', line: 0, message: `the courses folder ${root} does not exist` });
    return scan;
  }
  let courseDirs: string[];
  try {
    courseDirs = subfolders(root);
  } catch (error) {
    scan.problems.push({ file: '.', line: 0, message: `the courses folder ${root} cannot be read (${errorText(error)})` });
    return scan;
  }
  for (const courseDir of courseDirs) {
    let editionDirs: string[];
    try {
      editionDirs = subfolders(courseDir);
    } catch (error) {
      const folder = rel(root, courseDir);
      scan.found.push({ folder, draft: false, warnings: [], problems: [{ file: folder, line: 0, message: `this folder cannot be read (${errorText(error)})` }] });
      continue;
    }
    for (const editionDir of editionDirs) {
      // A folder with a program.md is a program's edition, loaded once the courses it names are.
      if (existsSync(join(editionDir, 'program.md'))) {
        scan.programDirs.push(editionDir);
        continue;
      }
      const disk = new DiskSource(editionDir);
      const entry = loadEdition({ ...scan.where, dir: editionDir, files: disk });
      scan.found.push(entry);
      if (entry.course) scan.read.set(entry, disk.taken());
    }
  }
  return scan;
}

/**
 * An edition folder (`course/edition`, relative to the courses folder) loaded from a stored snapshot of
 * its files instead of the disk: checked and rendered exactly as a load from disk is.
 */
export function loadStoredEdition(scan: CourseScan, folder: string, files: EditionFiles): FoundEdition {
  const dir = join(scan.where.root, ...folder.split('/'));
  return loadEdition({ ...scan.where, dir, files: new SnapshotSource(dir, files) });
}

/** The second half of a load: the programs, loaded against the courses served, and the totals. */
export function finishLoad(scan: CourseScan): CourseLoad {
  const { found } = scan;
  const courses = found.flatMap((entry) => (entry.course ? [entry.course] : []));
  const foundPrograms = scan.programDirs.map((dir) => loadProgram({ ...scan.where, dir, files: new DiskSource(dir) }, courses));
  return {
    found,
    courses,
    foundPrograms,
    programs: foundPrograms.flatMap((entry) => (entry.program ? [entry.program] : [])),
    problems: [...scan.problems, ...found.flatMap((entry) => entry.problems), ...foundPrograms.flatMap((entry) => entry.problems)],
    warnings: found.flatMap((entry) => entry.warnings),
  };
}

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => join(dir, entry.name))
    .sort();
}

/** One edition, never throwing: whatever goes wrong costs this edition only, as a problem on it. */
function loadEdition(where: Pick<Context, 'root' | 'dir' | 'md' | 'jobRoles' | 'district' | 'files'>): FoundEdition {
  const { root, dir } = where;
  const problems: CourseProblem[] = [];
  const context: Context = { ...where, problems, report: (file, line, message) => problems.push({ file: rel(root, file), line, message }) };
  const entry: FoundEdition = { folder: rel(root, dir), draft: false, problems, warnings: [] };
  try {
    readEdition(context, entry);
  } catch (error) {
    const file = context.current;
    context.report(file ?? dir, file ? 1 : 0, `could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    delete entry.course;
  }
  return entry;
}

function readEdition(context: Context, entry: FoundEdition): void {
  const { dir, problems } = context;
  const courseFile = join(dir, 'course.md');
  if (!context.files.exists(courseFile)) {
    context.report(dir, 0, 'this folder has no course.md (each course edition folder needs one)');
    return;
  }

  const read = readMarkdownFile(context, courseFile);
  if (!read) return;
  const { text, body, bodyLine, fields } = read;
  const id = fields.slug('id');
  const edition = fields.string('edition', { pattern: EDITION, hint: 'a school year written like 2026-27' });
  const title = fields.string('title', { max: 200 });
  Object.assign(entry, { id, edition, title });
  const summary = fields.string('summary', { max: 1000 });
  const audienceRoles = readAudience(fields, context.jobRoles);
  const opensOn = fields.date('opensOn');
  const dueDate = fields.date('dueDate');
  if (opensOn && dueDate && dueDate < opensOn) fields.fail('dueDate', `"dueDate" ${dueDate} is before "opensOn" ${opensOn}`);
  const newHireDueDays = fields.number('newHireDueDays', { min: 1, max: 365, integer: true });
  const estimatedMinutes = fields.number('estimatedMinutes', { min: 1, max: 6000, integer: true });
  const pdHours = fields.number('pdHours', { min: 0.25, max: 100 });
  const passingScore = fields.number('passingScore', { min: 1, max: 100, integer: true });
  const attestation = fields.string('attestation', { required: false, max: 2000 }) ?? null;
  const draft = fields.boolean('draft', false);
  entry.draft = draft;
  fields.rejectUnknown();
  if (id && dir.split(sep).at(-2) !== id) fields.fail('id', `"id" ${id} does not match its folder name "${dir.split(sep).at(-2)}"`);
  if (edition && dir.split(sep).at(-1) !== edition) fields.fail('edition', `"edition" ${edition} does not match its folder name "${dir.split(sep).at(-1)}"`);

  const identity = { id: id ?? '', edition: edition ?? '' };
  const overviewHtml = renderChecked(context, courseFile, body, bodyLine, identity, dir);
  const modules = loadModules(context, identity, audienceRoles);
  const quiz = loadQuiz(context);
  const resources = loadResources(context, identity);
  const followUps = loadFollowUps(context, identity);
  const survey = loadSurvey(context);
  const quizFile = rel(context.root, join(dir, 'quiz.yaml'));
  entry.warnings = answerCueWarnings(quiz.questions, quiz.lines).map((warning) => ({ file: quizFile, ...warning }));

  if (problems.length > 0 || !id || !edition || !title || !summary || !audienceRoles || !opensOn || !dueDate) return;
  if (newHireDueDays === undefined || estimatedMinutes === undefined || pdHours === undefined || passingScore === undefined) return;
  // An edition without resources, follow-ups or a survey keeps the hash it had before they existed.
  const extras = [...resources, ...followUps].map((r) => r.contentHash);
  const parts = [sha256(text), ...modules.map((m) => m.contentHash), quiz.hash, ...extras, ...(survey ? [survey.hash] : [])];
  const contentHash = sha256(parts.join('\n'));
  entry.course = {
    id,
    edition,
    title,
    summary,
    audienceRoles,
    opensOn,
    dueDate,
    newHireDueDays,
    estimatedMinutes,
    pdHours,
    passingScore,
    attestation,
    draft,
    overviewHtml,
    modules,
    quiz: quiz.questions,
    resources,
    followUps,
    quizContentNote: quiz.contentNote,
    survey: survey?.survey ?? null,
    contentHash,
    dir,
    folder: entry.folder,
  };
}

/**
 * A module's own `audienceRoles`: some of the course's audience (a module for administrators), never
 * beyond it, since a module cannot assign the course to anyone. Without the field, everyone reads it.
 */
function readModuleAudience(
  fields: Fields,
  context: Context,
  course: 'all' | string[] | undefined,
): 'all' | string[] {
  const own = readAudience(fields, context.jobRoles, false);
  if (own === undefined || own === 'all') return 'all';
  const outside = course && course !== 'all' ? own.filter((role) => !course.includes(role)) : [];
  if (outside.length > 0)
    fields.fail(
      'audienceRoles',
      `"audienceRoles" names ${outside[0]}, but the course is not assigned to that role (course.md audienceRoles: ${(course as string[]).join(', ')})`,
    );
  return own;
}

function loadModules(
  context: Context,
  course: { id: string; edition: string },
  courseAudience: 'all' | string[] | undefined,
): CourseModule[] {
  const dir = join(context.dir, 'modules');
  const files = context.files.markdownFiles(dir);
  if (files.length === 0) {
    context.report(context.dir, 0, 'the course has no modules (Markdown files in a modules/ folder)');
    return [];
  }
  const modules: CourseModule[] = [];
  const firstFileOfId = new Map<string, string>();
  for (const name of files) {
    const file = join(dir, name);
    const read = readMarkdownFile(context, file);
    if (!read) continue;
    const { text, body, bodyLine, fields } = read;
    const id = fields.slug('id');
    const title = fields.string('title', { max: 200 });
    const minutes = fields.number('minutes', { min: 1, max: 600, integer: true });
    const contentNote = districtField(fields, context.district, 'contentNote', { required: false, max: 1000 }) ?? null;
    const audienceRoles = readModuleAudience(fields, context, courseAudience);
    fields.rejectUnknown();
    if (id && firstFileOfId.has(id)) fields.fail('id', `module id "${id}" is also used by ${firstFileOfId.get(id)}`);
    else if (id) firstFileOfId.set(id, name);
    if (body.trim() === '') context.report(file, bodyLine, 'the module has no text after its front matter');
    const html = renderChecked(context, file, body, bodyLine, course, dir);
    if (id && title && minutes !== undefined)
      modules.push({
        id,
        title,
        minutes,
        contentNote,
        reflection: /^::: *reflection\s*$/m.test(body),
        audienceRoles,
        html,
        contentHash: sha256(text),
      });
  }
  // Everyone assigned the course has something to read before its quiz.
  const roles = courseAudience === 'all' ? context.jobRoles : (courseAudience ?? []);
  const unread = modules.length > 0 ? roles.filter((role) => !modules.some((module) => inAudience(module, role))) : [];
  if (unread.length > 0)
    context.report(dir, 0, `no module is for ${unread.join(', ')}, though the course is assigned to them: give at least one module no audienceRoles`);
  return modules;
}

function loadQuiz(context: Context): ParsedQuiz & { hash: string } {
  const file = join(context.dir, 'quiz.yaml');
  const empty = { questions: [], contentNote: null, lines: { questions: 0, each: [] }, hash: '' };
  if (!context.files.exists(file)) {
    context.report(context.dir, 0, 'the course has no quiz.yaml');
    return empty;
  }
  const text = readCourseFile(context, file, 'YAML');
  if (text === undefined) return empty;
  const quiz = parseQuiz(text, (line, message) => context.report(file, line, message), context.district);
  return { ...quiz, hash: sha256(text) };
}

/** `resources/*.md`, optional: the references page and the job aids, each a page of its own. */
function loadResources(context: Context, course: { id: string; edition: string }): CourseResource[] {
  const dir = join(context.dir, 'resources');
  const resources: CourseResource[] = [];
  const firstFileOfId = new Map<string, string>();
  for (const name of context.files.markdownFiles(dir)) {
    const file = join(dir, name);
    const read = readMarkdownFile(context, file);
    if (!read) continue;
    const { text, body, bodyLine, fields } = read;
    const id = fields.slug('id');
    const title = fields.string('title', { max: 200 });
    const kind = fields.string('kind');
    const summary = fields.string('summary', { required: false, max: 300, pattern: /^[^\n]*$/, hint: 'one line of text' }) ?? null;
    fields.rejectUnknown();
    const known = kind !== undefined && RESOURCE_KINDS.includes(kind);
    if (kind !== undefined && !known) fields.fail('kind', `"kind" must be references or job-aid (found "${kind}")`);
    if (id && firstFileOfId.has(id)) fields.fail('id', `resource id "${id}" is also used by ${firstFileOfId.get(id)}`);
    else if (id) firstFileOfId.set(id, name);
    if (body.trim() === '') context.report(file, bodyLine, 'the resource has no text after its front matter');
    const html = renderChecked(context, file, body, bodyLine, course, dir);
    if (kind === 'job-aid') {
      // Counted with each district fact as its default wording, so a district's settings cannot take
      // an edition off line; the default wording is longer than most districts' own.
      const count = countWords(context.md, body, JOB_AID_MAX_WORDS, (words) => fillText(words, DEFAULT_DISTRICT_SETTINGS));
      if (count.lineOver !== undefined)
        context.report(file, bodyLine + count.lineOver - 1, `this job aid has ${count.words} words and passes ${JOB_AID_MAX_WORDS} here: a job aid must print on one sheet, so shorten it or split it into two job aids`);
    }
    if (id && title && known) resources.push({ id, title, kind: kind as ResourceKind, summary, html, contentHash: sha256(text) });
  }
  return resources;
}
