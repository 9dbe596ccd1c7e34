import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import type { DistrictSettings } from '../config/district-settings.js';
import type { CourseEdition, CourseProblem } from './course.types.js';
import { fillHtml, placeholderProblems } from './district-text.js';
import { Fields } from './fields.js';
import type { EditionSource } from './edition-source.js';
import { findImages, findLinks } from './markdown.js';
import type { MarkdownItType } from './markdown-types.js';
import { splitFrontMatter } from './yaml-source.js';

/*
 * What every file of an edition folder (a course's or a program's) is read and checked with: the file
 * bounds, front matter, audiences and Markdown with its images, links and district facts.
 */

/** Where an edition's files live and how to report a problem in one of them. */
export interface Context {
  root: string;
  dir: string;
  md: MarkdownItType;
  /** The job roles an audience may name (the district's, HEARTH_JOB_ROLES). */
  jobRoles: readonly string[];
  /** What `{{district.KEY}}` placeholders are filled with (HEARTH_REPORTING_PROCEDURE, …). */
  district: DistrictSettings;
  /** Where the files are read from: the folder on disk, or a stored snapshot of it. */
  files: EditionSource;
  problems: CourseProblem[];
  report(file: string, line: number, message: string): void;
  /** The file being loaded, to name if something unexpected goes wrong. */
  current?: string;
}

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
export const rel = (root: string, path: string) => relative(root, path).split(sep).join('/');

/** The URL an image inside an edition folder is served at. */
export function courseFileUrl(course: Pick<CourseEdition, 'id' | 'edition'>, path: string): string {
  return `/course-files/${course.id}/${course.edition}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** Reads a Markdown or YAML file of an edition, or reports why it cannot be one (see EditionSource.read). */
export function readCourseFile(context: Context, file: string, kind: 'Markdown' | 'YAML'): string | undefined {
  context.current = file;
  const read = context.files.read(file, kind);
  if ('text' in read) return read.text;
  context.report(file, read.line, read.message);
  return undefined;
}

export function readAudience(fields: Fields, jobRoles: readonly string[], required = true): 'all' | string[] | undefined {
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
export function renderChecked(
  context: Context,
  file: string,
  body: string,
  bodyLine: number,
  course: { id: string; edition: string },
  fromDir: string,
): string {
  const resolved = new Map<string, string>();
  for (const image of findImages(context.md, body)) {
    const result = context.files.image(fromDir, image.src);
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

/** A Markdown file with front matter (course.md, program.md, a module, a resource): its text, its fields to read, and its body; undefined (reported) when unreadable. */
export function readMarkdownFile(context: Context, file: string): { text: string; fields: Fields; body: string; bodyLine: number } | undefined {
  const text = readCourseFile(context, file, 'Markdown');
  if (text === undefined) return undefined;
  const { yaml, body, bodyLine, problem } = splitFrontMatter(text);
  if (problem || !yaml) {
    context.report(file, problem?.line ?? 1, problem?.message ?? 'no front matter');
    return undefined;
  }
  for (const error of yaml.errors) context.report(file, error.line, error.message);
  const data = Fields.map(yaml.data);
  if (!data) {
    if (yaml.errors.length === 0) context.report(file, 2, 'the front matter must be a list of "field: value" lines');
    return undefined;
  }
  return { text, body, bodyLine, fields: new Fields(data, yaml, [], (line, message) => context.report(file, line, message)) };
}

