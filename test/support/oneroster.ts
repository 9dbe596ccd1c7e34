import { zipSync } from 'fflate';

/** One staff member (or student, guardian…) of a OneRoster package: a users.csv row and its role. */
export interface OneRosterPerson {
  sourcedId: string;
  identifier?: string;
  givenName: string;
  familyName: string;
  email: string;
  role: string;
  org: string;
  roleType?: 'primary' | 'secondary';
  beginDate?: string;
  status?: '' | 'active' | 'tobedeleted';
  enabledUser?: 'true' | 'false';
}

export const ORGS = [
  { sourcedId: 'org-do', name: 'District Office', type: 'district', identifier: 'DO' },
  { sourcedId: 'org-lin', name: 'Lincoln Elementary', type: 'school', identifier: 'LIN' },
  { sourcedId: 'org-was', name: 'Washington Middle', type: 'school', identifier: 'WAS' },
];

const csv = (rows: string[][]) =>
  rows
    .map((row) =>
      row.map((value) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)).join(','),
    )
    .join('\r\n') + '\r\n';

/** The CSV files of a OneRoster 1.2 bulk package for these people, each changeable before zipping. */
export function oneRosterFiles(people: OneRosterPerson[], orgs = ORGS): Record<string, string> {
  return {
    'manifest.csv': csv([
      ['propertyName', 'value'],
      ['manifest.version', '1.0'],
      ['oneroster.version', '1.2'],
      ['file.academicSessions', 'absent'],
      ['file.orgs', 'bulk'],
      ['file.users', 'bulk'],
      ['file.roles', 'bulk'],
      ['source.systemName', 'Test SIS'],
    ]),
    'orgs.csv': csv([
      ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
      ...orgs.map((o) => [
        o.sourcedId,
        '',
        '',
        o.name,
        o.type,
        o.identifier,
        o.type === 'school' ? 'org-do' : '',
      ]),
    ]),
    'users.csv': csv([
      [
        'sourcedId',
        'status',
        'dateLastModified',
        'enabledUser',
        'username',
        'userIds',
        'givenName',
        'familyName',
        'middleName',
        'identifier',
        'email',
        'sms',
        'phone',
        'agentSourcedIds',
        'grades',
        'password',
        'userMasterIdentifier',
        'resourceSourcedIds',
        'preferredGivenName',
        'preferredMiddleName',
        'preferredFamilyName',
        'primaryOrg',
        'pronouns',
      ],
      ...people.map((p) => [
        p.sourcedId,
        p.status ?? '',
        '',
        p.enabledUser ?? 'true',
        p.email.split('@')[0],
        '',
        p.givenName,
        p.familyName,
        '',
        p.identifier ?? '',
        p.email,
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        p.org,
        '',
      ]),
    ]),
    'roles.csv': csv([
      [
        'sourcedId',
        'status',
        'dateLastModified',
        'userSourcedId',
        'roleType',
        'role',
        'beginDate',
        'endDate',
        'orgSourcedId',
        'userProfileSourcedId',
      ],
      ...people.map((p) => [
        `role-${p.sourcedId}`,
        '',
        '',
        p.sourcedId,
        p.roleType ?? 'primary',
        p.role,
        p.beginDate ?? '',
        '',
        p.org,
        '',
      ]),
    ]),
  };
}

/** The files as a ZIP, under their names (any name: the tests also write `../users.csv`). */
export function zipOf(files: Record<string, string | Uint8Array>, level: 0 | 1 | 6 = 6): Buffer {
  const entries = Object.fromEntries(
    Object.entries(files).map(([name, body]) => [
      name,
      [typeof body === 'string' ? new TextEncoder().encode(body) : body, { level }],
    ]),
  ) as Parameters<typeof zipSync>[0];
  return Buffer.from(zipSync(entries));
}
