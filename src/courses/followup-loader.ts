import { join } from 'node:path';
import { DEFAULT_DISTRICT_SETTINGS } from '../config/district-settings.js';
import type { CourseFollowUp } from './course.types.js';
import { fillText } from './district-text.js';
import { type Context, readMarkdownFile, renderChecked, sha256 } from './edition-files.js';
import { countWords } from './markdown.js';

/** The most words a follow-up may have: a prompt read in a minute or two, weeks after the course. */
export const FOLLOW_UP_MAX_WORDS = 300;
/** The longest follow-up id: its reflection is kept under a key with a prefix, in a column of 64. */
export const FOLLOW_UP_ID_MAX = 48;
/** The latest a follow-up may come, in days after completion: within the school year that follows. */
export const FOLLOW_UP_MAX_DAYS = 365;

const callout = (name: string) => new RegExp(`^::: *${name}\\s*$`, 'm');

/**
 * `followups/*.md`, optional: short prompts shown a number of days after a person completes the course,
 * each with something to try (`::: try`) and a reflection (`::: reflection`). In `days` order, then by
 * file name; two may not share an id.
 */
export function loadFollowUps(context: Context, course: { id: string; edition: string }): CourseFollowUp[] {
  const dir = join(context.dir, 'followups');
  const followUps: CourseFollowUp[] = [];
  const firstFileOfId = new Map<string, string>();
  for (const name of context.files.markdownFiles(dir)) {
    const file = join(dir, name);
    const read = readMarkdownFile(context, file);
    if (!read) continue;
    const { text, body, bodyLine, fields } = read;
    const id = fields.slug('id');
    const title = fields.string('title', { max: 200 });
    const days = fields.number('days', { min: 1, max: FOLLOW_UP_MAX_DAYS, integer: true });
    fields.rejectUnknown();
    if (id && id.length > FOLLOW_UP_ID_MAX) fields.fail('id', `a follow-up id may be at most ${FOLLOW_UP_ID_MAX} characters ("${id}" has ${id.length})`);
    else if (id && firstFileOfId.has(id)) fields.fail('id', `follow-up id "${id}" is also used by ${firstFileOfId.get(id)}`);
    else if (id) firstFileOfId.set(id, name);
    if (body.trim() === '') context.report(file, bodyLine, 'the follow-up has no text after its front matter');
    else {
      if (!callout('try').test(body))
        context.report(file, bodyLine, 'the follow-up has no "::: try" callout: give the person one thing to try');
      if (!callout('reflection').test(body))
        context.report(file, bodyLine, 'the follow-up has no "::: reflection" callout: ask one question to reflect on');
    }
    const count = countWords(context.md, body, FOLLOW_UP_MAX_WORDS, (words) => fillText(words, DEFAULT_DISTRICT_SETTINGS));
    if (count.lineOver !== undefined)
      context.report(file, bodyLine + count.lineOver - 1, `this follow-up has ${count.words} words and passes ${FOLLOW_UP_MAX_WORDS} here: keep a follow-up to a short prompt`);
    const html = renderChecked(context, file, body, bodyLine, course, dir);
    if (id && title && days !== undefined) followUps.push({ id, title, days, html, contentHash: sha256(text) });
  }
  return followUps.sort((a, b) => a.days - b.days);
}
