import { createHash } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { answerCueWarnings } from './answer-cues.js';
import {
  type CourseEdition,
  type CourseLoad,
  type CourseModule,
  type CourseProblem,
  type CourseResource,
  type FoundEdition,
  type FoundProgram,
  type ProgramCourse,
  type ResourceKind,
} from './course.types.js';
import { DEFAULT_DISTRICT_SETTINGS, type DistrictSettings } from '../config/district-settings.js';
import { DEFAULT_JOB_ROLES } from '../config/job-roles.js';
import { inAudience } from './audience.js';
import { EDITION } from '../common/validation.js';
import { fillHtml, fillText, placeholderProblems } from './district-text.js';
import { Fields } from './fields.js';
import { countWords, createMarkdown, findImages, findLinks, resolveImage } from './markdown.js';
import type { MarkdownItType } from './markdown-types.js';
import { districtField, parseQuiz, type ParsedQuiz } from './quiz-loader.js';
import { splitFrontMatter, type YamlSource } from './yaml-source.js';

/** The largest Markdown or YAML file loaded: many times any module, and still cheap to parse. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The most words a job aid may print, so that it fits one US Letter sheet with the print styles. Measured
 * by printing job aids from Chromium and growing them until they spilled onto a second sheet: prose
 * spilled at about 550 words, short list items at about 480, a two-column table between 412 and 447.
 * test/browser/resources.test.ts prints every shipped job aid to check.
 */
export const JOB_AID_MAX_WORDS = 400;

const RESOURCE_KINDS: readonly string[] = ['references', 'job-aid'] satisfies ResourceKind[];

/** Where an edition's files live and how to report a problem in one of them. */
interface Context {
  root: string;
  dir: string;
  md: MarkdownItType;
  /** The job roles an audience may name (the district's, HEARTH_JOB_ROLES). */
  jobRoles: readonly string[];
  /** What `{{district.KEY}}` placeholders are filled with (HEARTH_REPORTING_PROCEDURE, …). */
  district: DistrictSettings;
  problems: CourseProblem[];
  report(file: string, line: number, message: string): void;
  /** The file being loaded, to name if something unexpected goes wrong. */
  current?: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const rel = (root: string, path: string) => relative(root, path).split(sep).join('/');

/** The URL an image inside an edition folder is served at. */
export function courseFileUrl(course: Pick<CourseEdition, 'id' | 'edition'>, path: string): string {
  return `/course-files/${course.id}/${course.edition}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Loads every course edition under `root` (one folder per edition: `<course>/<edition>/course.md`,
 * `modules/*.md`, `quiz.yaml`, optionally `resources/*.md`). Every problem is reported with its file and line; an edition with any
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
  const md = createMarkdown();
  const found: FoundEdition[] = [];
  const foundPrograms: FoundProgram[] = [];
  const programDirs: string[] = [];
  const nothing = { found, courses: [], warnings: [], foundPrograms, programs: [] };
  if (!existsSync(root)) {
    return { ...nothing, problems: [{ file: '.', line: 0, message: `the courses folder ${root} does not exist` }] };
  }
  let courseDirs: string[];
  try {
    courseDirs = subfolders(root);
  } catch (error) {
    return { ...nothing, problems: [{ file: '.', line: 0, message: `the courses folder ${root} cannot be read (${errorText(error)})` }] };
  }
  for (const courseDir of courseDirs) {
    let editionDirs: string[];
    try {
      editionDirs = subfolders(courseDir);
    } catch (error) {
      const folder = rel(root, courseDir);
      found.push({ folder, draft: false, warnings: [], problems: [{ file: folder, line: 0, message: `this folder cannot be read (${errorText(error)})` }] });
      continue;
    }
    for (const editionDir of editionDirs) {
      // A folder with a program.md is a program's edition, loaded once the courses it names are.
      if (existsSync(join(editionDir, 'program.md'))) programDirs.push(editionDir);
      else found.push(loadEdition({ root, dir: editionDir, md, jobRoles, district }));
    }
  }
  const courses = found.flatMap((entry) => (entry.course ? [entry.course] : []));
  for (const dir of programDirs) foundPrograms.push(loadProgram({ root, dir, md, jobRoles, district }, courses));
  return {
    found,
    courses,
    foundPrograms,
    programs: foundPrograms.flatMap((entry) => (entry.program ? [entry.program] : [])),
    problems: [...found, ...foundPrograms].flatMap((entry) => entry.problems),
    warnings: found.flatMap((entry) => entry.warnings),
  };
}

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => join(dir, entry.name))
    .sort();
}

const errorText = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));

/**
 * Reads a Markdown or YAML file of an edition, or reports why it cannot be one: not a regular file (a
 * folder named `01-one.md`, a FIFO, a broken link), larger than MAX_FILE_BYTES, or unreadable.
 */
function readCourseFile(context: Context, file: string, kind: 'Markdown' | 'YAML'): string | undefined {
  context.current = file;
  let fd: number;
  try {
    // Non-blocking, so that a FIFO named like a course file cannot hold the loader waiting for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    context.report(file, 0, `cannot be read (${errorText(error)})`);
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      context.report(file, 0, `is ${stat.isDirectory() ? 'a folder' : 'not a regular file'} where a ${kind} file is expected`);
      return undefined;
    }
    if (stat.size > MAX_FILE_BYTES) {
      const bytes = (n: number) => n.toLocaleString('en-US');
      context.report(file, 1, `the file is ${bytes(stat.size)} bytes; a course file may be at most 1 MB (${bytes(MAX_FILE_BYTES)} bytes): split a long module into several`);
      return undefined;
    }
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** One edition, never throwing: whatever goes wrong costs this edition only, as a problem on it. */
function loadEdition(where: Pick<Context, 'root' | 'dir' | 'md' | 'jobRoles' | 'district'>): FoundEdition {
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
  if (!existsSync(courseFile)) {
    context.report(dir, 0, 'this folder has no course.md (each course edition folder needs one)');
    return;
  }

  const text = readCourseFile(context, courseFile, 'Markdown');
  if (text === undefined) return;
  const { yaml, body, bodyLine, problem } = splitFrontMatter(text);
  if (problem || !yaml) {
    context.report(courseFile, problem?.line ?? 1, problem?.message ?? 'no front matter');
    return;
  }
  for (const error of yaml.errors) context.report(courseFile, error.line, error.message);
  const data = Fields.map(yaml.data);
  if (!data) {
    if (yaml.errors.length === 0) context.report(courseFile, 2, 'the front matter must be a list of "field: value" lines');
    return;
  }
  const fields = new Fields(data, yaml, [], (line, message) => context.report(courseFile, line, message));
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
  const quizFile = rel(context.root, join(dir, 'quiz.yaml'));
  entry.warnings = answerCueWarnings(quiz.questions, quiz.lines).map((warning) => ({ file: quizFile, ...warning }));

  if (problems.length > 0 || !id || !edition || !title || !summary || !audienceRoles || !opensOn || !dueDate) return;
  if (newHireDueDays === undefined || estimatedMinutes === undefined || pdHours === undefined || passingScore === undefined) return;
  // An edition without resources keeps the hash it had before resources existed.
  const contentHash = sha256([sha256(text), ...modules.map((m) => m.contentHash), quiz.hash, ...resources.map((r) => r.contentHash)].join('\n'));
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
    quizContentNote: quiz.contentNote,
    contentHash,
    dir,
    folder: entry.folder,
  };
}

function readAudience(fields: Fields, jobRoles: readonly string[], required = true): 'all' | string[] | undefined {
  const value = fields.raw('audienceRoles', required);
  if (value === undefined) return undefined;
  if (value === 'all') return 'all';
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((role) => typeof role !== 'string')) {
    fields.fail('audienceRoles', '"audienceRoles" must be all or a list of job roles');
    return undefined;
  }
  const unknown = (list as string[]).filter((role) => !jobRoles.includes(role));
  if (unknown.length > 0) {
    fields.fail('audienceRoles', `unknown audience role "${unknown[0]}" (known job roles: ${jobRoles.join(', ')})`);
    return undefined;
  }
  return list as string[];
}

/**
 * Renders Markdown after checking its images and placeholders, then fills the placeholders with the
 * district's facts; `bodyLine` maps body lines to file lines.
 */
function renderChecked(
  context: Context,
  file: string,
  body: string,
  bodyLine: number,
  course: { id: string; edition: string },
  fromDir: string,
): string {
  const resolved = new Map<string, string>();
  for (const image of findImages(context.md, body)) {
    const result = resolveImage(context.dir, fromDir, image.src);
    if ('problem' in result) context.report(file, bodyLine + image.line - 1, result.problem);
    else resolved.set(image.src, courseFileUrl(course, result.path));
  }
  for (const problem of placeholderProblems(body)) context.report(file, bodyLine + problem.line - 1, problem.message);
  for (const link of findLinks(context.md, body)) {
    // The address is percent-encoded before filling could reach it, and a fact is text, not an address.
    if (/%7B%7Bdistrict\./i.test(link.src)) context.report(file, bodyLine + link.line - 1, 'a {{district.KEY}} placeholder cannot be part of a link’s address: write it in the text');
  }
  return fillHtml(context.md.render(body, { imageUrl: (src: string) => resolved.get(src) ?? '' }), context.district);
}

/** The Markdown files of a folder, in file-name order; none when there is no such folder. */
function markdownFiles(dir: string): string[] {
  return existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir).filter((name) => name.endsWith('.md')).sort() : [];
}

/** A module or resource: its text, its front matter's fields to read, and its body; undefined (reported) when unreadable. */
function readMarkdownFile(context: Context, file: string): { text: string; fields: Fields; body: string; bodyLine: number } | undefined {
  const text = readCourseFile(context, file, 'Markdown');
  if (text === undefined) return undefined;
  const { yaml, body, bodyLine, problem } = splitFrontMatter(text);
  if (problem || !yaml) {
    context.report(file, problem?.line ?? 1, problem?.message ?? 'no front matter');
    return undefined;
  }
  for (const error of yaml.errors) context.report(file, error.line, error.message);
  const data = Fields.map(yaml.data);
  if (!data) return undefined;
  return { text, body, bodyLine, fields: new Fields(data, yaml, [], (line, message) => context.report(file, line, message)) };
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
  const files = markdownFiles(dir);
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
  if (!existsSync(file)) {
    context.report(context.dir, 0, 'the course has no quiz.yaml');
    return empty;
  }
  const text = readCourseFile(context, file, 'YAML');
  if (text === undefined) return empty;
  const quiz = parseQuiz(text, (line, message) => context.report(file, line, message), context.district);
  return { ...quiz, hash: sha256(text) };
}

/**
 * One program edition (`program.md`: front matter and an overview), never throwing, like a course's.
 * Its course references are checked once every course is loaded (`checkProgramCourses`).
 */
function loadProgram(where: Pick<Context, 'root' | 'dir' | 'md' | 'jobRoles' | 'district'>, courses: CourseEdition[]): FoundProgram {
  const { root, dir } = where;
  const problems: CourseProblem[] = [];
  const context: Context = { ...where, problems, report: (file, line, message) => problems.push({ file: rel(root, file), line, message }) };
  const entry: FoundProgram = { folder: rel(root, dir), draft: false, problems };
  try {
    readProgram(context, entry, courses);
  } catch (error) {
    context.report(context.current ?? dir, 1, `could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    delete entry.program;
  }
  return entry;
}

function readProgram(context: Context, entry: FoundProgram, served: CourseEdition[]): void {
  const { dir, problems } = context;
  const file = join(dir, 'program.md');
  const text = readCourseFile(context, file, 'Markdown');
  if (text === undefined) return;
  const { yaml, body, bodyLine, problem } = splitFrontMatter(text);
  if (problem || !yaml) {
    context.report(file, problem?.line ?? 1, problem?.message ?? 'no front matter');
    return;
  }
  for (const error of yaml.errors) context.report(file, error.line, error.message);
  const data = Fields.map(yaml.data);
  if (!data) {
    if (yaml.errors.length === 0) context.report(file, 2, 'the front matter must be a list of "field: value" lines');
    return;
  }
  const fields = new Fields(data, yaml, [], (line, message) => context.report(file, line, message));
  const id = fields.slug('id');
  const edition = fields.string('edition', { pattern: EDITION, hint: 'a school year written like 2026-27' });
  const title = fields.string('title', { max: 200 });
  Object.assign(entry, { id, edition, title });
  const summary = fields.string('summary', { max: 1000 });
  const courses = readProgramCourses(fields, yaml, (line, message) => context.report(file, line, message));
  const sessionsRequired = fields.number('sessionsRequired', { min: 0, max: 100, integer: true });
  const opensOn = fields.date('opensOn');
  const finishBy = fields.date('finishBy');
  if (opensOn && finishBy && finishBy <= opensOn) fields.fail('finishBy', `"finishBy" ${finishBy} must be after "opensOn" ${opensOn}`);
  const audienceRoles = 'audienceRoles' in data ? readAudience(fields, context.jobRoles) : null;
  const audienceSites = readSites(fields);
  const pdHours = fields.number('pdHours', { min: 0, max: 500 });
  const practicum = fields.string('practicum', { required: false, max: 2000 }) ?? null;
  const draft = fields.boolean('draft', false);
  entry.draft = draft;
  fields.rejectUnknown();
  courses.list.forEach((course, i) => {
    const problem = courseProblem(course, served, draft);
    if (problem) context.report(file, courses.lines[i], `courses[${i + 1}]: ${problem}`);
  });
  if (id && dir.split(sep).at(-2) !== id) fields.fail('id', `"id" ${id} does not match its folder name "${dir.split(sep).at(-2)}"`);
  if (edition && dir.split(sep).at(-1) !== edition) fields.fail('edition', `"edition" ${edition} does not match its folder name "${dir.split(sep).at(-1)}"`);
  if (courses.list.length === 0 && sessionsRequired === 0 && !practicum)
    fields.fail('courses', 'a program needs at least one part: a course, a session or a practicum');
  const overviewHtml = renderChecked(context, file, body, bodyLine, { id: id ?? '', edition: edition ?? '' }, dir);

  if (problems.length > 0 || !id || !edition || !title || !summary || !opensOn || !finishBy || audienceRoles === undefined) return;
  if (sessionsRequired === undefined || pdHours === undefined || audienceSites === undefined) return;
  entry.program = {
    id,
    edition,
    title,
    summary,
    courses: courses.list,
    sessionsRequired,
    opensOn,
    finishBy,
    audienceRoles,
    audienceSites,
    pdHours,
    practicum,
    draft,
    overviewHtml,
    contentHash: sha256(text),
    folder: entry.folder,
  };
}

/** `courses:` as a list of `{course, edition}` maps, each problem at its line. */
function readProgramCourses(
  fields: Fields,
  yaml: YamlSource,
  report: (line: number, message: string) => void,
): { list: ProgramCourse[]; lines: number[] } {
  const value = fields.raw('courses', false);
  if (value === undefined) return { list: [], lines: [] };
  if (!Array.isArray(value)) {
    fields.fail('courses', '"courses" must be a list of "- course: ID" and "edition: YYYY-YY" entries');
    return { list: [], lines: [] };
  }
  const list: ProgramCourse[] = [];
  const lines: number[] = [];
  value.forEach((item, i) => {
    const map = Fields.map(item);
    if (!map) {
      report(yaml.lineOf(['courses', i]), `courses[${i + 1}] must be "course: ID" with "edition: YYYY-YY"`);
      return;
    }
    const entry = new Fields(map, yaml, ['courses', i], report, `courses[${i + 1}]: `);
    const courseId = entry.slug('course');
    const edition = entry.string('edition', { pattern: EDITION, hint: 'a school year written like 2026-27' });
    entry.rejectUnknown();
    if (!courseId || !edition) return;
    if (list.some((c) => c.courseId === courseId && c.edition === edition)) {
      report(yaml.lineOf(['courses', i]), `courses[${i + 1}]: ${courseId} ${edition} is listed twice`);
      return;
    }
    list.push({ courseId, edition });
    lines.push(yaml.lineOf(['courses', i]));
  });
  return { list, lines };
}

/** `audienceSites:` site codes (checked against the roster when people are enrolled, not here). */
function readSites(fields: Fields): string[] | null | undefined {
  const value = fields.raw('audienceSites', false);
  if (value === undefined) return null;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((code) => typeof code !== 'string' || code.trim() === '')) {
    fields.fail('audienceSites', '"audienceSites" must be a list of site codes');
    return undefined;
  }
  return (list as string[]).map((code) => code.trim());
}

/** A program may name only course editions that are served (one with problems is not), a draft only from a draft. */
function courseProblem(course: ProgramCourse, served: CourseEdition[], draft: boolean): string | undefined {
  const found = served.find((c) => c.id === course.courseId && c.edition === course.edition);
  if (!found) return `no course edition ${course.courseId} ${course.edition} (or it has problems of its own)`;
  if (found.draft && !draft) return `${course.courseId} ${course.edition} is a draft, so a published program cannot require it`;
  return undefined;
}

/** `resources/*.md`, optional: the references page and the job aids, each a page of its own. */
function loadResources(context: Context, course: { id: string; edition: string }): CourseResource[] {
  const dir = join(context.dir, 'resources');
  const resources: CourseResource[] = [];
  const firstFileOfId = new Map<string, string>();
  for (const name of markdownFiles(dir)) {
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
