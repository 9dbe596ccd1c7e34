import type { RosterError, RosterRow } from './roster-csv.js';
import type { RosterStateRow } from './roster.repository.js';

/** What a roster import changes: its counts, the review page's lists, and its result. */

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
}

/** One roster field an update changes, by its CSV column, with the values before and after. */
export interface FieldChange {
  field: 'first_name' | 'last_name' | 'email' | 'site_code' | 'job_role' | 'hire_date' | 'status';
  from: string;
  to: string;
}

/** Who an import creates, changes (and how) and marks inactive: what the review page lists. */
export interface ImportChanges {
  created: Pick<
    RosterRow,
    'line' | 'employeeId' | 'firstName' | 'lastName' | 'email' | 'siteCode' | 'jobRole' | 'status'
  >[];
  updated: (Pick<RosterRow, 'line' | 'employeeId' | 'firstName' | 'lastName'> & { fields: FieldChange[] })[];
  deactivated: Pick<RosterStateRow, 'employeeId' | 'firstName' | 'lastName' | 'email'>[];
}

export type ImportResult =
  | { ok: true; counts: ImportCounts; changes: ImportChanges; warnings: string[]; dryRun: boolean }
  | { ok: false; errors: RosterError[]; warnings: string[] };

/** The fields of a staff record that a roster row changes, before and after, in the CSV's column order. */
export function fieldChanges(existing: RosterStateRow, siteCode: string, row: RosterRow): FieldChange[] {
  const pairs: [FieldChange['field'], string, string][] = [
    ['first_name', existing.firstName, row.firstName],
    ['last_name', existing.lastName, row.lastName],
    ['email', existing.email, row.email],
    ['site_code', siteCode, row.siteCode],
    ['job_role', existing.jobRole, row.jobRole],
    ['hire_date', existing.hireDate, row.hireDate],
    ['status', existing.status, row.status],
  ];
  return pairs.filter(([, from, to]) => from !== to).map(([field, from, to]) => ({ field, from, to }));
}
