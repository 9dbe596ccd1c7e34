import { isEmail } from 'class-validator';
import { STAFF_STATUSES, type StaffStatus } from './staff-member.entity.js';
import { isRealDate } from '../common/clock.js';
import { readCsvRecords } from '../common/csv.js';
import { DEFAULT_JOB_ROLES, JOB_ROLE_ID, ROSTER_JOB_ROLE } from '../config/job-roles.js';

/** One valid roster row, normalised (emails and job roles lower-cased, names trimmed). */
export interface RosterRow {
  line: number;
  /** The file of a package the row came from (OneRoster's users.csv); none for the roster CSV. */
  file?: string;
  employeeId: string;
  firstName: string;
  lastName: string;
  email: string;
  siteCode: string;
  siteName?: string;
  jobRole: string;
  hireDate: string;
  status: StaffStatus;
}

export interface RosterError {
  /** The file of a package (OneRoster: users.csv, roles.csv, orgs.csv, manifest.csv); none for the roster CSV. */
  file?: string;
  line: number;
  column: string;
  message: string;
}

/**
 * The titles of the course editions in force that are assigned to a job role (the import asks the
 * courses; a parse on its own cannot know, and then says nothing about courses).
 */
export type CoursesForRole = (jobRole: string) => string[];

export interface ParsedRoster {
  rows: RosterRow[];
  errors: RosterError[];
  warnings: string[];
}

export const REQUIRED_COLUMNS = [
  'employee_id',
  'first_name',
  'last_name',
  'email',
  'site_code',
  'job_role',
  'hire_date',
] as const;
export const OPTIONAL_COLUMNS = ['site_name', 'status'] as const;
export type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/**
 * One staff member's values by roster column, from whichever file format, and where each value came
 * from (the file, line and column a problem names).
 */
export interface RosterRecord {
  line: number;
  file?: string;
  get: (column: Column) => string;
  place: (column: Column) => { file?: string; line: number; column: string };
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_NAME = 200;
/** Every column, in the order a row's problems are listed. */
const COLUMNS: readonly Column[] = [
  'employee_id',
  'first_name',
  'last_name',
  'email',
  'site_code',
  'site_name',
  'job_role',
  'hire_date',
  'status',
];
/** Names that may keep invisible characters (a ZWNJ or a direction mark can belong in a real name). */
const NAMES: readonly Column[] = ['first_name', 'last_name', 'site_name'];
/** C0 controls (CR, LF, TAB, NUL…), DEL and C1 controls: they split or hide text in every export. */
const CONTROL = /\p{Cc}/u;
/** Zero-width, joiner, direction and separator characters: they make two different values look alike. */
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}]/u;

const codePoint = (character: string) =>
  `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a field's characters are refused, if they are: named by code point, never echoed. */
function refusedCharacter(column: Column, value: string): string | undefined {
  const control = CONTROL.exec(value)?.[0];
  if (control !== undefined) return `contains a control character (${codePoint(control)}); remove it`;
  const invisible = NAMES.includes(column) ? undefined : INVISIBLE.exec(value)?.[0];
  if (invisible !== undefined) return `contains an invisible character (${codePoint(invisible)}); remove it`;
  return undefined;
}

const columnOrder = (column: string) => COLUMNS.indexOf(column as Column);

/** Decodes the upload as UTF-8, refusing bytes that are not (rather than silently replacing them). */
export function decodeRoster(bytes: Uint8Array): { text: string } | { error: RosterError } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    const line = lineOfFirstInvalidByte(bytes);
    return {
      error: {
        line,
        column: '',
        message: 'the file is not UTF-8 text; save it from the spreadsheet as "CSV UTF-8" and try again',
      },
    };
  }
}

function lineOfFirstInvalidByte(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

/**
 * Parses and validates a roster CSV completely: every problem in every row is reported, with the line
 * number a spreadsheet would show (the header is line 1).
 */
/** `jobRoles`: the district's job roles (HEARTH_JOB_ROLES); others are accepted with a warning. */
export function parseRoster(
  text: string,
  jobRoles: readonly string[] = DEFAULT_JOB_ROLES.map((role) => role.id),
  coursesFor?: CoursesForRole,
): ParsedRoster {
  const errors: RosterError[] = [];
  const warnings: string[] = [];
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    return {
      rows: [],
      errors: [
        {
          line: 1,
          column: '',
          message: 'the file is empty; it needs a header row and one row per staff member',
        },
      ],
      warnings,
    };
  }

  const read = readCsvRecords(text);
  if ('problem' in read) return { rows: [], errors: [{ ...read.problem, column: '' }], warnings };
  const { header, rows: body } = read;
  const names = header.map((name) => name.trim().toLowerCase());
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (index.has(name))
      errors.push({ line: 1, column: name, message: `the column "${name}" appears twice in the header` });
    else index.set(name, i);
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !index.has(column));
  if (missing.length > 0) {
    const separator = [';', '\t', '|'].find(
      (candidate) => header.length === 1 && header[0].includes(candidate),
    );
    const hint = separator
      ? ` (the file seems to use ${separator === '\t' ? 'tabs' : `"${separator}"`} between columns; Hearth needs commas)`
      : '';
    for (const column of missing)
      errors.push({ line: 1, column, message: `the required column "${column}" is missing${hint}` });
    return { rows: [], errors, warnings };
  }
  const known = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0)
    warnings.push(`ignored unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  if (body.length === 0) {
    errors.push({ line: 1, column: '', message: 'the file has a header row but no staff rows' });
    return { rows: [], errors, warnings };
  }

  const checkable: RosterRecord[] = [];
  for (const { line, cells: record } of body) {
    if (record.length !== names.length) {
      errors.push({ line, column: '', message: `expected ${names.length} values, found ${record.length}` });
      continue;
    }
    checkable.push({
      line,
      get: (column) => {
        const i = index.get(column);
        return i === undefined ? '' : record[i].trim();
      },
      place: (column) => ({ line, column }),
    });
  }
  const checked = checkRecords(checkable, jobRoles, coursesFor);
  return {
    rows: checked.rows,
    errors: [...errors, ...checked.errors],
    warnings: [...warnings, ...checked.warnings],
  };
}

/**
 * Every roster rule for each staff member's values, whatever file they came from (the roster CSV,
 * a OneRoster package): the valid rows, and each problem at the file, line and column of its value.
 */
export function checkRecords(
  records: RosterRecord[],
  jobRoles: readonly string[] = DEFAULT_JOB_ROLES.map((role) => role.id),
  coursesFor?: CoursesForRole,
): ParsedRoster {
  const errors: RosterError[] = [];
  const warnings: string[] = [];
  const rows: RosterRow[] = [];
  const firstLineOfId = new Map<string, number>();
  const firstLineOfEmail = new Map<string, number>();
  for (const record of records) {
    const { line, get } = record;
    const rowErrors: (RosterError & { order: number })[] = [];
    // One problem per field: the first found, so a refused character is not followed by its echo.
    const failed = new Set<Column>();
    const fail = (column: Column, message: string) => {
      if (failed.has(column)) return;
      failed.add(column);
      rowErrors.push({ ...record.place(column), message, order: columnOrder(column) });
    };
    for (const column of COLUMNS) {
      const refused = refusedCharacter(column, get(column));
      if (refused) fail(column, refused);
    }

    const employeeId = get('employee_id');
    if (!employeeId) fail('employee_id', 'is required');
    else if (!CODE.test(employeeId))
      fail(
        'employee_id',
        'must be letters, digits, ".", "_" or "-" (at most 64), starting with a letter or digit',
      );
    else if (firstLineOfId.has(employeeId))
      fail('employee_id', `"${employeeId}" is also on line ${firstLineOfId.get(employeeId)}`);
    else firstLineOfId.set(employeeId, line);

    const firstName = get('first_name');
    const lastName = get('last_name');
    for (const [column, value] of [
      ['first_name', firstName],
      ['last_name', lastName],
    ] as const) {
      if (!value) fail(column, 'is required');
      else if (value.length > MAX_NAME) fail(column, `is longer than ${MAX_NAME} characters`);
    }

    const email = get('email').toLowerCase();
    if (!email) fail('email', 'is required');
    else if (email.length > 320 || !isEmail(email))
      fail('email', `"${get('email')}" is not an email address`);
    else if (firstLineOfEmail.has(email))
      fail('email', `"${email}" is also on line ${firstLineOfEmail.get(email)}`);
    else firstLineOfEmail.set(email, line);

    const siteCode = get('site_code');
    if (!siteCode) fail('site_code', 'is required');
    else if (!CODE.test(siteCode)) fail('site_code', 'must be letters, digits, ".", "_" or "-" (at most 64)');
    const siteName = get('site_name');
    if (siteName.length > MAX_NAME) fail('site_name', `is longer than ${MAX_NAME} characters`);

    const jobRole = get('job_role').toLowerCase();
    if (!jobRole) fail('job_role', 'is required');
    else if (!ROSTER_JOB_ROLE.test(jobRole))
      fail('job_role', 'must start with a letter and use letters, digits, spaces, "_" or "-" (at most 64)');

    const hireDate = get('hire_date');
    if (!hireDate) fail('hire_date', 'is required');
    else if (!isRealDate(hireDate)) fail('hire_date', `"${hireDate}" is not a date written YYYY-MM-DD`);

    const statusText = get('status').toLowerCase() || 'active';
    const status = STAFF_STATUSES.find((candidate) => candidate === statusText);
    if (!status) fail('status', `"${get('status')}" is not one of ${STAFF_STATUSES.join(', ')}`);

    if (rowErrors.length > 0 || !status) {
      errors.push(...rowErrors.sort((a, b) => a.order - b.order).map(({ order: _order, ...error }) => error));
      continue;
    }
    rows.push({
      line,
      ...(record.file ? { file: record.file } : {}),
      employeeId,
      firstName,
      lastName,
      email,
      siteCode,
      siteName: siteName || undefined,
      jobRole,
      hireDate,
      status,
    });
  }
  warnings.push(...unknownRoleWarnings(rows, jobRoles, coursesFor));
  return { rows, errors, warnings };
}

/** "lines 4, 9, 12 and 3 more": where a value occurs, for a warning. */
export function linesText(lines: number[]): string {
  const shown = lines.slice(0, 5).join(', ');
  const more = lines.length > 5 ? ` and ${lines.length - 5} more` : '';
  return `line${lines.length > 1 ? 's' : ''} ${shown}${more}`;
}

/**
 * Job roles outside the known ones are accepted (the contract's list is examples). No course's
 * audience can name such a role, but a course for all staff is still theirs: the warning says which
 * courses they get (when the import knows), so it never claims "nothing is assigned" when something is.
 */
function unknownRoleWarnings(
  rows: RosterRow[],
  known: readonly string[],
  coursesFor?: CoursesForRole,
): string[] {
  const linesOf = new Map<string, number[]>();
  for (const row of rows) {
    if (known.includes(row.jobRole)) continue;
    const lines = linesOf.get(row.jobRole) ?? [];
    lines.push(row.line);
    linesOf.set(row.jobRole, lines);
  }
  return [...linesOf].map(([role, lines]) => {
    const start = `job_role "${role}" (${linesText(lines)}) is not one of ${known.join(', ')}`;
    const courses = coursesFor?.(role);
    const check = JOB_ROLE_ID.test(role)
      ? 'Check the spelling, or add it to HEARTH_JOB_ROLES.'
      : 'Check the spelling.';
    if (!courses) return `${start}. ${check}`;
    if (courses.length === 0) return `${start}, and no course in force is assigned to it. ${check}`;
    return (
      `${start}: these staff get only the courses for all staff (${courses.join('; ')}), ` +
      `none of those for particular roles. ${check}`
    );
  });
}
