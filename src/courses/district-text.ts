import { DISTRICT_KEYS, type DistrictKey, type DistrictSettings } from '../config/district-settings.js';

/** `{{district.KEY}}`, exactly: no spaces, lowercase key (see courses/README.md). */
const PLACEHOLDER = /\{\{district\.([a-z_]+)\}\}/g;
/** Anything that starts like a placeholder: each must turn out to be a well-formed, known one. */
const OPENING = /\{\{/g;

export interface PlaceholderProblem {
  /** 1-based line within the text given. */
  line: number;
  message: string;
}

const isKey = (key: string): key is DistrictKey => (DISTRICT_KEYS as readonly string[]).includes(key);
const known = () => DISTRICT_KEYS.map((key) => `{{district.${key}}}`).join(', ');

/** Every unknown or malformed placeholder in `text`, with its line. */
export function placeholderProblems(text: string): PlaceholderProblem[] {
  const problems: PlaceholderProblem[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    for (const opening of line.matchAll(OPENING)) {
      const problem = problemAt(line.slice(opening.index));
      if (problem) problems.push({ line: index + 1, message: problem });
    }
  });
  return problems;
}

/** What is wrong with the placeholder at the start of `rest`, if anything. */
function problemAt(rest: string): string | undefined {
  const whole = /^\{\{district\.([a-z_]+)\}\}/.exec(rest);
  if (whole) return isKey(whole[1]) ? undefined : `unknown placeholder "${whole[0]}" (known: ${known()})`;
  const end = rest.indexOf('}}');
  const shown = end >= 0 ? rest.slice(0, end + 2) : rest.slice(0, 40);
  return `malformed placeholder "${shown}": write {{district.KEY}} with no spaces, one of ${known()}`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/**
 * Fills the placeholders in rendered HTML with the district's facts, escaped: a value is text, never
 * Markdown or markup. Filling after rendering is what keeps Markdown in a value from being interpreted.
 */
export function fillHtml(html: string, district: DistrictSettings): string {
  return html.replace(PLACEHOLDER, (whole, key: string) => (isKey(key) ? escapeHtml(district[key]) : whole));
}

/** Fills placeholders in plain text (quiz prompts, options, explanations); the templates escape it. */
export function fillText(text: string, district: DistrictSettings): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => (isKey(key) ? district[key] : whole));
}
