import type { RosterRow } from '../../src/staff/roster-csv.js';

export type RosterFields = Omit<RosterRow, 'line'>;

let sequence = 0;

/** One roster row with sensible values; override what the test is about. */
export function makeStaff(overrides: Partial<RosterFields> = {}): RosterFields {
  sequence++;
  const id = overrides.employeeId ?? `E${String(sequence).padStart(5, '0')}`;
  return {
    employeeId: id,
    firstName: 'Alex',
    lastName: `Rivera ${sequence}`,
    email: `${id.toLowerCase()}@district.test`,
    siteCode: 'LIN',
    siteName: 'Lincoln Elementary',
    jobRole: 'teacher',
    hireDate: '2020-08-15',
    status: 'active',
    ...overrides,
  };
}

export function makeStaffList(
  count: number,
  overrides: (i: number) => Partial<RosterFields> = () => ({}),
): RosterFields[] {
  return Array.from({ length: count }, (_, i) => makeStaff(overrides(i)));
}

const HEADER = [
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

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The roster as the district's CSV export would write it. */
export function rosterCsv(rows: RosterFields[], eol = '\n'): string {
  const lines = rows.map((r) =>
    [
      r.employeeId,
      r.firstName,
      r.lastName,
      r.email,
      r.siteCode,
      r.siteName ?? '',
      r.jobRole,
      r.hireDate,
      r.status,
    ]
      .map(cell)
      .join(','),
  );
  return [HEADER.join(','), ...lines].join(eol) + eol;
}
