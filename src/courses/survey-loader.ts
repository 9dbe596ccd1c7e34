import { join } from 'node:path';
import type { CourseSurvey, SurveyItem } from './course.types.js';
import { type Context, readCourseFile, sha256 } from './edition-files.js';
import { Fields } from './fields.js';
import { YamlSource } from './yaml-source.js';

type Report = (line: number, message: string) => void;

/** The five points every survey answers on (the API takes 1 to 5); a survey may relabel them. */
export const SURVEY_POINTS = 5;
export const DEFAULT_SCALE = ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'];
/** Short enough to answer in two minutes, long enough to say something about attitudes. */
export const SURVEY_ITEMS = { min: 6, max: 10 } as const;

/** An edition's survey.yaml, if it has one, with the hash it adds to the edition's; problems reported. */
export function loadSurvey(context: Context): { survey: CourseSurvey | undefined; hash: string } | undefined {
  const file = join(context.dir, 'survey.yaml');
  if (!context.files.exists(file)) return undefined;
  const text = readCourseFile(context, file, 'YAML');
  if (text === undefined) return undefined;
  return { survey: parseSurvey(text, (line, message) => context.report(file, line, message)), hash: sha256(text) };
}

/**
 * Parses survey.yaml: an `intro`, an optional `scale` of five labels, and 6–10 `items`, each with an
 * `id`, a `statement` and optionally `reverse: true`. Every problem is reported with its line.
 */
export function parseSurvey(text: string, report: Report): CourseSurvey | undefined {
  const source = new YamlSource(text, 1);
  for (const error of source.errors) report(error.line, error.message);
  const data = Fields.map(source.data);
  if (!data) {
    if (source.errors.length === 0) report(1, 'the survey must be a map with intro and items');
    return undefined;
  }
  const top = new Fields(data, source, [], report);
  const intro = top.string('intro', { max: 2000 });
  const scale = readScale(top);
  const list = top.raw('items');
  top.rejectUnknown();
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length < SURVEY_ITEMS.min || list.length > SURVEY_ITEMS.max) {
    const found = Array.isArray(list) ? ` (found ${list.length})` : '';
    top.fail('items', `"items" must be a list of ${SURVEY_ITEMS.min} to ${SURVEY_ITEMS.max} statements${found}`);
    return undefined;
  }
  const items: SurveyItem[] = [];
  const seen = new Map<string, number>();
  let ok = true;
  list.forEach((entry, index) => {
    const item = readItem(top, report, entry, index, seen);
    if (item) items.push(item);
    else ok = false;
  });
  if (!ok || !intro || !scale) return undefined;
  return { intro, scale, items };
}

function readScale(top: Fields): string[] | undefined {
  const value = top.raw('scale', false);
  if (value === undefined) return DEFAULT_SCALE;
  const labels = Array.isArray(value) ? value : [];
  if (labels.length !== SURVEY_POINTS || labels.some((label) => typeof label !== 'string' || label.trim() === '' || label.length > 60)) {
    top.fail('scale', `"scale" must be a list of ${SURVEY_POINTS} labels of at most 60 characters, from the least to the most agreement`);
    return undefined;
  }
  return labels.map((label: string) => label.trim());
}

function readItem(top: Fields, report: Report, entry: unknown, index: number, seen: Map<string, number>): SurveyItem | undefined {
  const map = Fields.map(entry);
  const label = `item ${index + 1}: `;
  if (!map) {
    report(top.lineAt(['items', index]), `${label}must be a map with an id and a statement`);
    return undefined;
  }
  const fields = top.inner(['items', index], map, label);
  const id = fields.slug('id');
  const statement = fields.string('statement', { max: 300, pattern: /^[^\n]*$/, hint: 'one line of text' });
  const reverse = fields.boolean('reverse', false);
  fields.rejectUnknown();
  if (id && seen.has(id)) {
    fields.fail('id', `item id "${id}" is also used by item ${seen.get(id)}`);
    return undefined;
  }
  if (id) seen.set(id, index + 1);
  return id && statement ? { id, statement, reverse } : undefined;
}
