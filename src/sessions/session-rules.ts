import { randomInt } from 'node:crypto';
import type { RegistrationStatus } from './session-registration.entity.js';

/** Self check-in opens this long before the start (people arrive early) and closes at the end. */
export const CHECK_IN_OPENS_EARLY_MS = 15 * 60_000;
/** Wrong codes a person may enter for one session before they must ask the facilitator. */
export const CHECK_IN_ATTEMPTS = 5;
/** No look-alikes (0/O, 1/I/L), so a code read off a screen across a room is typed right. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CHECK_IN_CODE_LENGTH = 6;

/** Where a new registration goes: a seat while any is left, else the end of the wait-list. */
export function placeFor(registered: number, capacity: number): Exclude<RegistrationStatus, 'cancelled'> {
  return registered < capacity ? 'registered' : 'waitlisted';
}

/** How many from the wait-list take a seat now (after a cancellation, or a larger room). */
export function seatsToFill(registered: number, capacity: number): number {
  return Math.max(0, capacity - registered);
}

/**
 * The wait-list in the order people asked: their rows' order. Ids are handed out while the session's
 * row is held, so they follow the asking; the registration time is for people to read (it can tie).
 */
export function waitListOrder<T extends { status: RegistrationStatus; id: number }>(rows: T[]): T[] {
  return rows.filter((row) => row.status === 'waitlisted').sort((a, b) => a.id - b.id);
}

/** What is wrong with a session's times, each naming its field (none: they are fine). */
export function timeProblems(startsAt: Date, endsAt: Date, now: Date, startsAtChanged = true): string[] {
  const problems: string[] = [];
  if (endsAt.getTime() <= startsAt.getTime()) problems.push('endsAt must be after startsAt');
  // An edit that keeps the start may keep a start already past (fixing the end of a running session).
  if (startsAtChanged && startsAt.getTime() <= now.getTime()) problems.push('startsAt must be in the future');
  return problems;
}

/** Whether a person may check themselves in now: from a little before the start until the end. */
export function checkInOpen(session: { startsAt: Date; endsAt: Date }, now: Date): boolean {
  const t = now.getTime();
  return t >= session.startsAt.getTime() - CHECK_IN_OPENS_EARLY_MS && t <= session.endsAt.getTime();
}

/** A fresh check-in code, e.g. K7QM2X. */
export function newCheckInCode(): string {
  return Array.from(
    { length: CHECK_IN_CODE_LENGTH },
    () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)],
  ).join('');
}

/** A code as a person typed it: case, spaces and dashes do not matter. */
export function normalCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '');
}

/** PD hours as stored (hundredths) and back. */
export const hoursX100 = (hours: number) => Math.round(hours * 100);
export const hoursOfX100 = (x100: number) => x100 / 100;
