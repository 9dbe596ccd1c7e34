import type { AppConfig } from '../config/app-config.js';

/** Whether `text` is a real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isRealDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A day in words, 2026-11-23 → November 23, 2026, from a YYYY-MM-DD date or an ISO timestamp (its UTC
 * day). The same on every machine: no time zone, no locale data.
 */
export function longDate(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
  return `${MONTHS[month - 1]} ${day}, ${year}`;
}

/** Today as YYYY-MM-DD: HEARTH_TODAY when set (tests, demos), else the server's local date. */
export function todayIso(config: Pick<AppConfig, 'today'>, now = new Date()): string {
  if (config.today) return config.today;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
