import type { AppConfig } from '../config/app-config.js';

/** Today as YYYY-MM-DD: HEARTH_TODAY when set (tests, demos), else the server's local date. */
export function todayIso(config: Pick<AppConfig, 'today'>, now = new Date()): string {
  if (config.today) return config.today;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
