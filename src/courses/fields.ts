import { isRealDate } from '../common/clock.js';
import type { YamlSource } from './yaml-source.js';

type Report = (line: number, message: string) => void;

import { SLUG } from '../common/validation.js';

export { SLUG };
const SLUG_HINT = 'lowercase letters, digits and hyphens';

/**
 * Reads typed fields from one YAML map, reporting each missing, mistyped or unknown field with its line.
 * `label` prefixes messages for nested maps (e.g. "question q03: ").
 */
export class Fields {
  private readonly seen = new Set<string>();

  constructor(
    private readonly data: Record<string, unknown>,
    private readonly source: YamlSource,
    private readonly path: (string | number)[],
    private readonly report: Report,
    private readonly label = '',
  ) {}

  static map(value: unknown): Record<string, unknown> | undefined {
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  }

  line(key: string): number {
    return this.source.lineOf([...this.path, key]);
  }

  has(key: string): boolean {
    return key in this.data;
  }

  /** The line of something inside this map, e.g. `['courses', 2]` for a list's third entry. */
  lineAt(inner: (string | number)[]): number {
    return this.source.lineOf([...this.path, ...inner]);
  }

  /** The fields of a map inside this one (a list's entry), reported with `label` before each message. */
  inner(at: (string | number)[], data: Record<string, unknown>, label: string): Fields {
    return new Fields(data, this.source, [...this.path, ...at], this.report, label);
  }

  fail(key: string, message: string): void {
    this.report(key in this.data ? this.line(key) : this.source.lineOf(this.path), `${this.label}${message}`);
  }

  private get(key: string, required: boolean): unknown {
    this.seen.add(key);
    const value = this.data[key];
    if ((value === undefined || value === null || value === '') && required) this.fail(key, `missing field "${key}"`);
    return value === null || value === '' ? undefined : value;
  }

  string(key: string, options: { required?: boolean; pattern?: RegExp; hint?: string; max?: number } = {}): string | undefined {
    const value = this.get(key, options.required ?? true);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.fail(key, `"${key}" must be text`);
      return undefined;
    }
    const text = value.trim();
    if (options.pattern && !options.pattern.test(text)) {
      this.fail(key, `"${key}" must be ${options.hint ?? `like ${options.pattern.source}`} (found "${text}")`);
      return undefined;
    }
    if (options.max && text.length > options.max) {
      this.fail(key, `"${key}" must be at most ${options.max} characters`);
      return undefined;
    }
    return text;
  }

  slug(key: string): string | undefined {
    return this.string(key, { pattern: SLUG, hint: SLUG_HINT });
  }

  number(key: string, options: { min: number; max: number; integer?: boolean; required?: boolean }): number | undefined {
    const value = this.get(key, options.required ?? true);
    if (value === undefined) return undefined;
    const kind = options.integer ? 'a whole number' : 'a number';
    if (typeof value !== 'number' || !Number.isFinite(value) || (options.integer && !Number.isInteger(value))) {
      this.fail(key, `"${key}" must be ${kind} (found ${JSON.stringify(value)})`);
      return undefined;
    }
    if (value < options.min || value > options.max) {
      this.fail(key, `"${key}" must be ${kind} from ${options.min} to ${options.max} (found ${value})`);
      return undefined;
    }
    return value;
  }

  date(key: string): string | undefined {
    const value = this.get(key, true);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !isRealDate(value)) {
      this.fail(key, `"${key}" must be a date written YYYY-MM-DD (found ${JSON.stringify(value)})`);
      return undefined;
    }
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.get(key, false);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.fail(key, `"${key}" must be true or false`);
      return fallback;
    }
    return value;
  }

  /** The raw value, for fields with a shape of their own (lists, maps). */
  raw(key: string, required = true): unknown {
    return this.get(key, required);
  }

  /** Reports fields nobody asked for (usually a typo such as "dueDat"). */
  rejectUnknown(): void {
    for (const key of Object.keys(this.data)) {
      if (!this.seen.has(key)) this.report(this.source.lineOfKey(this.path, key), `${this.label}unknown field "${key}"`);
    }
  }
}
