import type { HttpException } from '@nestjs/common';
import { localTimestamp, longDate } from '../common/clock.js';

/** Words the sessions' pages and mail share. */

/** The messages of a refused request (one or several). */
export function messagesOf(error: HttpException): string[] {
  const response = error.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String);
  return [typeof message === 'string' ? message : error.message];
}

/** A session's time in words: December 10, 2026, 15:30–17:00. */
export function whenText(view: { startsAt: Date; endsAt: Date }): string {
  const start = localTimestamp(view.startsAt);
  const end = localTimestamp(view.endsAt);
  const endText =
    start.slice(0, 10) === end.slice(0, 10)
      ? end.slice(11, 16)
      : `${longDate(view.endsAt)}, ${end.slice(11, 16)}`;
  return `${longDate(view.startsAt)}, ${start.slice(11, 16)}–${endText}`;
}
