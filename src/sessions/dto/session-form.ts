import { localTimestamp } from '../../common/clock.js';
import type { CreateSessionDto } from './session.dto.js';

/** The schedule form's fields, as the page posts them (text). */
export interface SessionFormFields {
  title: string;
  courseId: string;
  day: string;
  startTime: string;
  endTime: string;
  location: string;
  capacity: string;
  pdHours: string;
  facilitators: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function formFieldsOf(body: Record<string, unknown>): SessionFormFields {
  return {
    title: text(body.title).trim(),
    courseId: text(body.courseId).trim(),
    day: text(body.day).trim(),
    startTime: text(body.startTime).trim(),
    endTime: text(body.endTime).trim(),
    location: text(body.location).trim(),
    capacity: text(body.capacity).trim(),
    pdHours: text(body.pdHours).trim(),
    facilitators: text(body.facilitators),
  };
}

/** A local day and time of day (the server's zone: the district's) as ISO with its offset; '' if not one. */
function moment(day: string, time: string): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return '';
  const at = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // 2026-02-30 rolls over to March: not the day that was typed.
  if (at.getDate() !== Number(d[3]) || at.getHours() !== Number(t[1])) return '';
  return localTimestamp(at);
}

/** The form as the API's request, so one DTO checks both; a field the page left empty stays unset. */
export function requestOf(fields: SessionFormFields): Record<string, unknown> {
  const number = (value: string) => (value === '' ? value : Number(value));
  return {
    title: fields.title,
    ...(fields.courseId ? { courseId: fields.courseId } : {}),
    startsAt: moment(fields.day, fields.startTime),
    endsAt: moment(fields.day, fields.endTime),
    location: fields.location,
    capacity: number(fields.capacity),
    pdHours: number(fields.pdHours),
    facilitatorEmployeeIds: fields.facilitators
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter(Boolean),
  } satisfies Partial<Record<keyof CreateSessionDto, unknown>>;
}

/** A session's fields as the form shows them (an edit). */
export function formOfSession(session: {
  title: string;
  courseId: string | null;
  startsAt: Date;
  endsAt: Date;
  location: string;
  capacity: number;
  pdHours: number;
  facilitators: { employeeId: string }[];
}): SessionFormFields {
  const start = localTimestamp(session.startsAt);
  return {
    title: session.title,
    courseId: session.courseId ?? '',
    day: start.slice(0, 10),
    startTime: start.slice(11, 16),
    endTime: localTimestamp(session.endsAt).slice(11, 16),
    location: session.location,
    capacity: String(session.capacity),
    pdHours: String(session.pdHours),
    facilitators: session.facilitators.map((f) => f.employeeId).join(', '),
  };
}
