import type { HttpException } from '@nestjs/common';
import { clockTime, localDay, longMoment } from '../common/clock.js';

/** Words the sessions' pages and mail share. */

/** The messages of a refused request (one or several). */
export function messagesOf(error: HttpException): string[] {
  const response = error.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String);
  return [typeof message === 'string' ? message : error.message];
}

/** A session's time in words: December 10, 2026, 15:30–17:00 (`longMoment`, then the end). */
export function whenText(view: { startsAt: Date; endsAt: Date }): string {
  const sameDay = localDay(view.startsAt) === localDay(view.endsAt);
  return `${longMoment(view.startsAt)}–${sameDay ? clockTime(view.endsAt) : longMoment(view.endsAt)}`;
}
