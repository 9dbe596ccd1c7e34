import type { DistrictSettings } from '../config/district-settings.js';
import type { QuizLines } from './answer-cues.js';
import type { QuizQuestion } from './course.types.js';
import { fillText, placeholderProblems } from './district-text.js';
import { Fields, SLUG } from './fields.js';
import { YamlSource } from './yaml-source.js';

type Report = (line: number, message: string) => void;

export interface ParsedQuiz {
  questions: QuizQuestion[];
  /** Shown before the first question, with the support text, as a module's content note is. */
  contentNote: string | null;
  /** For warnings: the line of the `questions` key and of each question read (parallel to `questions`). */
  lines: QuizLines;
}

/** Reads a text field and fills its `{{district.KEY}}` placeholders, reporting bad ones at the field's line. */
export function districtField(fields: Fields, district: DistrictSettings, key: string, options: { required?: boolean; max: number }): string | undefined {
  const text = fields.string(key, options);
  if (text === undefined) return undefined;
  for (const problem of placeholderProblems(text)) fields.fail(key, problem.message);
  return fillText(text, district);
}

/** Parses quiz.yaml: an optional `contentNote` and a list of `questions`, every problem with its line. */
export function parseQuiz(text: string, report: Report, district: DistrictSettings): ParsedQuiz {
  const source = new YamlSource(text, 1);
  for (const error of source.errors) report(error.line, error.message);
  const data = Fields.map(source.data);
  if (!data) {
    if (source.errors.length === 0) report(1, 'the quiz must start with "questions:"');
    return { questions: [], contentNote: null, lines: { questions: 1, each: [] } };
  }
  const top = new Fields(data, source, [], report);
  const contentNote = districtField(top, district, 'contentNote', { required: false, max: 1000 }) ?? null;
  const list = top.raw('questions');
  top.rejectUnknown();
  const lines: QuizLines = { questions: source.lineOfKey([], 'questions'), each: [] };
  if (!Array.isArray(list) || list.length === 0) {
    if (list !== undefined) top.fail('questions', '"questions" must be a list with at least one question');
    return { questions: [], contentNote, lines };
  }
  const questions: QuizQuestion[] = [];
  const seen = new Set<string>();
  list.forEach((item, index) => {
    const question = readQuestion(item, index, { source, report, district, seen });
    if (!question) return;
    questions.push(question);
    lines.each.push(source.lineOf(['questions', index]));
  });
  return { questions, contentNote, lines };
}

interface QuizContext {
  source: YamlSource;
  report: Report;
  district: DistrictSettings;
  /** Question ids so far, to report one used twice. */
  seen: Set<string>;
}

function readQuestion(item: unknown, index: number, { source, report, district, seen }: QuizContext): QuizQuestion | undefined {
  const map = Fields.map(item);
  const label = `question ${index + 1}: `;
  if (!map) {
    report(source.lineOf(['questions', index]), `${label}must be a map with id, type, prompt, options, answer and explanation`);
    return undefined;
  }
  const fields = new Fields(map, source, ['questions', index], report, label);
  const id = fields.slug('id');
  const type = fields.string('type', { pattern: /^(single|multiple)$/, hint: 'single or multiple' }) as 'single' | 'multiple' | undefined;
  const prompt = districtField(fields, district, 'prompt', { max: 4000 });
  const explanation = districtField(fields, district, 'explanation', { max: 4000 });
  const options = readOptions(fields, source, ['questions', index], report, label, district);
  const answerRaw = fields.raw('answer');
  fields.rejectUnknown();
  if (id && seen.has(id)) fields.fail('id', `question id "${id}" is used twice`);
  if (id) seen.add(id);
  if (!id || !type || !prompt || !explanation || !options || answerRaw === undefined) return undefined;
  const answer = readAnswer(fields, type, answerRaw, options);
  return answer ? { id, type, prompt, options, answer, explanation } : undefined;
}

function readOptions(
  fields: Fields,
  source: YamlSource,
  path: (string | number)[],
  report: Report,
  label: string,
  district: DistrictSettings,
): QuizQuestion['options'] | undefined {
  const list = fields.raw('options');
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length < 2) {
    fields.fail('options', '"options" must be a list of at least two options');
    return undefined;
  }
  const options: QuizQuestion['options'] = [];
  let ok = true;
  list.forEach((item, index) => {
    const map = Fields.map(item);
    if (!map) {
      report(source.lineOf([...path, 'options', index]), `${label}option ${index + 1} must have an id and a text`);
      ok = false;
      return;
    }
    const option = new Fields(map, source, [...path, 'options', index], report, `${label}option ${index + 1}: `);
    const id = option.string('id', { pattern: SLUG, hint: 'lowercase letters, digits and hyphens' });
    const text = districtField(option, district, 'text', { max: 2000 });
    option.rejectUnknown();
    if (id && options.some((o) => o.id === id)) {
      option.fail('id', `option id "${id}" is used twice`);
      ok = false;
    }
    if (id && text) options.push({ id, text });
    else ok = false;
  });
  return ok ? options : undefined;
}

function readAnswer(fields: Fields, type: 'single' | 'multiple', raw: unknown, options: QuizQuestion['options']): string[] | undefined {
  const ids = Array.isArray(raw) ? raw : [raw];
  if (ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
    fields.fail('answer', '"answer" must name an option id (or, for multiple, a list of option ids)');
    return undefined;
  }
  if (type === 'single' && ids.length !== 1) {
    fields.fail('answer', 'a single-choice question needs exactly one answer');
    return undefined;
  }
  const unknown = (ids as string[]).find((id) => !options.some((option) => option.id === id));
  if (unknown !== undefined) {
    fields.fail('answer', `answer "${unknown}" names no option (options: ${options.map((o) => o.id).join(', ')})`);
    return undefined;
  }
  return [...new Set(ids as string[])];
}
