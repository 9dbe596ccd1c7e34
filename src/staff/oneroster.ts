import { readCsvRecords } from '../common/csv.js';
import { DEFAULT_JOB_ROLES } from '../config/job-roles.js';
import { type OneRosterFile } from './oneroster-zip.js';
import {
  checkRecords,
  type Column,
  type CoursesForRole,
  decodeRoster,
  type ParsedRoster,
  type RosterError,
  type RosterRecord,
} from './roster-csv.js';

/**
 * OneRoster 1.2 roles of staff, and the Hearth job role each becomes. Students, parents, guardians and
 * relatives are not staff: their users are skipped.
 */
export const ONEROSTER_JOB_ROLES: Readonly<Record<string, string>> = {
  teacher: 'teacher',
  aide: 'paraprofessional',
  counselor: 'counselor',
  principal: 'administrator',
  siteAdministrator: 'administrator',
  districtAdministrator: 'administrator',
  systemAdministrator: 'support',
  proctor: 'support',
};
const NOT_STAFF = new Set(['student', 'parent', 'guardian', 'relative']);
/** The hire date of someone whose role has no beginDate: long ago, so no new-hire due date applies. */
export const UNKNOWN_HIRE_DATE = '2000-01-01';

interface Table {
  file: OneRosterFile;
  rows: { line: number; get(column: string): string }[];
}

/**
 * A OneRoster 1.2 CSV package (its manifest, users, roles and orgs) as roster records, checked by the
 * roster CSV's own rules (`checkRecords`): one pipeline, two parsers. Each problem names the package's
 * file, line and column. Each staff user's primary role (else the first staff role) gives the job role,
 * the site (its org) and the hire date (its beginDate).
 */
export function parseOneRoster(
  files: Map<OneRosterFile, Buffer>,
  elsewhere: string[],
  jobRoles: readonly string[] = DEFAULT_JOB_ROLES.map((role) => role.id),
  coursesFor?: CoursesForRole,
): ParsedRoster {
  const problems: RosterError[] = [];
  const missing = (['manifest.csv', 'users.csv', 'roles.csv', 'orgs.csv'] as const).filter(
    (file) => !files.has(file),
  );
  if (missing.length > 0) {
    const hint =
      elsewhere.length > 0
        ? ` (found ${elsewhere[0]}: the files must be at the top of the ZIP, not in a folder)`
        : '';
    return {
      rows: [],
      warnings: [],
      errors: missing.map((file) => ({
        file,
        line: 0,
        column: '',
        message: `the package has no ${file}${hint}`,
      })),
    };
  }
  const tables = new Map<OneRosterFile, Table>();
  const required: Record<OneRosterFile, string[]> = {
    'manifest.csv': ['propertyName', 'value'],
    'users.csv': ['sourcedId', 'givenName', 'familyName', 'email'],
    'roles.csv': ['userSourcedId', 'roleType', 'role', 'orgSourcedId'],
    'orgs.csv': ['sourcedId', 'name'],
  };
  for (const [file, bytes] of files) {
    const table = readTable(file, bytes, required[file], problems);
    if (table) tables.set(file, table);
  }
  if (problems.length > 0 || tables.size < 4) return { rows: [], warnings: [], errors: problems };
  const manifest = new Map(
    (tables.get('manifest.csv') as Table).rows.map((row) => [row.get('propertyName'), row]),
  );
  const version = manifest.get('oneroster.version');
  if (version?.get('value') !== '1.2')
    problems.push({
      file: 'manifest.csv',
      line: version?.line ?? 1,
      column: 'value',
      message: `oneroster.version must be 1.2 (found "${version?.get('value') ?? 'none'}")`,
    });
  for (const file of ['users', 'roles', 'orgs']) {
    const mode = manifest.get(`file.${file}`);
    if (!['bulk', 'delta'].includes(mode?.get('value') ?? ''))
      problems.push({
        file: 'manifest.csv',
        line: mode?.line ?? 1,
        column: 'value',
        message: `file.${file} must be bulk or delta (found "${mode?.get('value') ?? 'none'}")`,
      });
  }
  if (problems.length > 0) return { rows: [], warnings: [], errors: problems };

  const orgs = new Map((tables.get('orgs.csv') as Table).rows.map((row) => [row.get('sourcedId'), row]));
  const rolesOf = new Map<string, Table['rows']>();
  for (const row of (tables.get('roles.csv') as Table).rows) {
    const user = row.get('userSourcedId');
    rolesOf.set(user, [...(rolesOf.get(user) ?? []), row]);
  }
  const records: RosterRecord[] = [];
  let skipped = 0;
  let undated = 0;
  for (const user of (tables.get('users.csv') as Table).rows) {
    const roles = rolesOf.get(user.get('sourcedId')) ?? [];
    const staff = roles.filter((role) => !NOT_STAFF.has(role.get('role')));
    if (staff.length === 0) {
      if (roles.length > 0) skipped++;
      else
        problems.push({
          file: 'users.csv',
          line: user.line,
          column: 'sourcedId',
          message: `user "${user.get('sourcedId')}" has no role in roles.csv`,
        });
      continue;
    }
    const role = staff.find((r) => r.get('roleType') === 'primary') ?? staff[0];
    const jobRole = ONEROSTER_JOB_ROLES[role.get('role')];
    if (!jobRole) {
      problems.push({
        file: 'roles.csv',
        line: role.line,
        column: 'role',
        message: `"${role.get('role')}" is not a OneRoster 1.2 role (${[...Object.keys(ONEROSTER_JOB_ROLES), ...NOT_STAFF].join(', ')})`,
      });
      continue;
    }
    const org = orgs.get(role.get('orgSourcedId'));
    if (!org) {
      problems.push({
        file: 'roles.csv',
        line: role.line,
        column: 'orgSourcedId',
        message: `"${role.get('orgSourcedId')}" is not an org in orgs.csv`,
      });
      continue;
    }
    if (!role.get('beginDate')) undated++;
    const gone =
      [user.get('status'), role.get('status')].includes('tobedeleted') ||
      user.get('enabledUser').toLowerCase() === 'false';
    const idColumn = user.get('identifier') ? 'identifier' : 'sourcedId';
    const siteColumn = org.get('identifier') ? 'identifier' : 'sourcedId';
    const values: Record<Column, string> = {
      employee_id: user.get(idColumn),
      first_name: user.get('givenName'),
      last_name: user.get('familyName'),
      email: user.get('email'),
      site_code: org.get(siteColumn),
      site_name: org.get('name'),
      job_role: jobRole,
      hire_date: role.get('beginDate') || UNKNOWN_HIRE_DATE,
      status: gone ? 'inactive' : 'active',
    };
    const places: Record<Column, { file: OneRosterFile; line: number; column: string }> = {
      employee_id: { file: 'users.csv', line: user.line, column: idColumn },
      first_name: { file: 'users.csv', line: user.line, column: 'givenName' },
      last_name: { file: 'users.csv', line: user.line, column: 'familyName' },
      email: { file: 'users.csv', line: user.line, column: 'email' },
      site_code: { file: 'orgs.csv', line: org.line, column: siteColumn },
      site_name: { file: 'orgs.csv', line: org.line, column: 'name' },
      job_role: { file: 'roles.csv', line: role.line, column: 'role' },
      hire_date: { file: 'roles.csv', line: role.line, column: 'beginDate' },
      status: { file: 'users.csv', line: user.line, column: 'status' },
    };
    records.push({
      line: user.line,
      file: 'users.csv',
      get: (column) => values[column],
      place: (column) => places[column],
    });
  }
  const checked = checkRecords(records, jobRoles, coursesFor);
  const warnings = [...checked.warnings];
  if (skipped > 0)
    warnings.push(`skipped ${skipped} users who are students, parents, guardians or relatives (not staff)`);
  if (undated > 0)
    warnings.push(
      `${undated} staff have no beginDate on their role in roles.csv: their hire date is taken as ${UNKNOWN_HIRE_DATE}, so no new-hire due date applies to them`,
    );
  const errors = [...problems, ...checked.errors].sort(
    (a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line,
  );
  return { rows: checked.rows, errors, warnings };
}

/** One CSV of the package with a header row: its rows by column name, or its problems. */
function readTable(
  file: OneRosterFile,
  bytes: Buffer,
  required: string[],
  problems: RosterError[],
): Table | undefined {
  const decoded = decodeRoster(bytes);
  if ('error' in decoded) {
    problems.push({ ...decoded.error, file });
    return undefined;
  }
  const read = readCsvRecords(decoded.text);
  if ('problem' in read) {
    problems.push({ ...read.problem, file, column: '' });
    return undefined;
  }
  const index = new Map(read.header.map((name, i) => [name.trim(), i]));
  const absent = required.filter((column) => !index.has(column));
  for (const column of absent)
    problems.push({ file, line: 1, column, message: `the required column "${column}" is missing` });
  if (absent.length > 0) return undefined;
  return {
    file,
    rows: read.rows.map(({ line, cells }) => ({
      line,
      get: (column: string) => {
        const i = index.get(column);
        return i === undefined ? '' : (cells[i] ?? '').trim();
      },
    })),
  };
}
