import { join, sep } from 'node:path';
import { EDITION } from '../common/validation.js';
import type { CourseEdition, CourseProblem, FoundProgram, ProgramCourse } from './course.types.js';
import { type Context, readAudience, readMarkdownFile, rel, renderChecked, sha256 } from './edition-files.js';
import { Fields } from './fields.js';

/**
 * One program edition (`program.md`: front matter and an overview), never throwing, like a course's.
 * Its course references are checked once every course is loaded (`checkProgramCourses`).
 */
export function loadProgram(where: Pick<Context, 'root' | 'dir' | 'md' | 'jobRoles' | 'district' | 'files'>, courses: CourseEdition[]): FoundProgram {
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
  const read = readMarkdownFile(context, file);
  if (!read) return;
  const { text, body, bodyLine, fields } = read;
  const id = fields.slug('id');
  const edition = fields.string('edition', { pattern: EDITION, hint: 'a school year written like 2026-27' });
  const title = fields.string('title', { max: 200 });
  Object.assign(entry, { id, edition, title });
  const summary = fields.string('summary', { max: 1000 });
  const courses = readProgramCourses(fields, (line, message) => context.report(file, line, message));
  const sessionsRequired = fields.number('sessionsRequired', { min: 0, max: 100, integer: true });
  const opensOn = fields.date('opensOn');
  const finishBy = fields.date('finishBy');
  if (opensOn && finishBy && finishBy <= opensOn) fields.fail('finishBy', `"finishBy" ${finishBy} must be after "opensOn" ${opensOn}`);
  const audienceRoles = fields.has('audienceRoles') ? readAudience(fields, context.jobRoles) : null;
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
      report(fields.lineAt(['courses', i]), `courses[${i + 1}] must be "course: ID" with "edition: YYYY-YY"`);
      return;
    }
    const entry = fields.inner(['courses', i], map, `courses[${i + 1}]: `);
    const courseId = entry.slug('course');
    const edition = entry.string('edition', { pattern: EDITION, hint: 'a school year written like 2026-27' });
    entry.rejectUnknown();
    if (!courseId || !edition) return;
    if (list.some((c) => c.courseId === courseId && c.edition === edition)) {
      report(fields.lineAt(['courses', i]), `courses[${i + 1}]: ${courseId} ${edition} is listed twice`);
      return;
    }
    list.push({ courseId, edition });
    lines.push(fields.lineAt(['courses', i]));
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

