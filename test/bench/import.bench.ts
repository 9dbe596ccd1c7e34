import { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import { AccountsRepository } from '../../src/identity/accounts.repository.js';
import { rosterCsv } from '../factories/staff.factory.js';
import { oneRosterFiles, zipOf } from '../support/oneroster.js';
import { createTestDatabase } from '../support/test-database.js';
import { DISTRICT_TODAY } from './district.js';
import { makePeople, makeSites } from './district-people.js';
import { startHearth } from './http.bench.js';
import { seededRandom } from './random.js';
import { type BenchRow, median } from './report.js';
import { createSessions } from './sessions.js';

interface Imported {
  ms: number;
  status: number;
  body: { created?: number; errors?: { line?: number; message: string }[] };
  /** Staff rows in the database afterwards. */
  staffRows: number;
}

/** One roster import over HTTP into a fresh, migrated database holding only an HR account. */
async function importOnce(
  upload: string | Buffer,
  route = { path: '/api/staff/import', type: 'text/csv' },
): Promise<Imported> {
  const db = await createTestDatabase();
  try {
    const database = await Database.open(db.target);
    try {
      const hrId = await new AccountsRepository(database).create({
        email: 'hr@bench-district.test',
        passwordHash: null,
        roles: ['learner', 'hr'],
        createdAt: new Date(),
      });
      const token = (await createSessions(db.target, [hrId])).get(hrId) as string;
      const server = await startHearth({ db, today: DISTRICT_TODAY });
      try {
        const started = performance.now();
        const response = await fetch(`${server.url}${route.path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': route.type },
          body: upload,
        });
        const body = (await response.json()) as Imported['body'];
        const ms = performance.now() - started;
        const counted = await database.row<{ n: number }>(sql`SELECT COUNT(*) AS n FROM staff`);
        return { ms, status: response.status, body, staffRows: counted?.n ?? 0 };
      } finally {
        await server.stop();
      }
    } finally {
      await database.close();
    }
  } finally {
    await db.drop();
  }
}

function created(result: Imported, expected: number): number {
  if (result.status !== 200 || result.body.created !== expected || result.staffRows !== expected)
    throw new Error(`The import answered ${result.status}: ${JSON.stringify(result.body).slice(0, 300)}`);
  return result.ms;
}

/** The same upload with one bad row last: refused whole, naming the line, with nothing written. */
function refusedRow(name: string, result: Imported, goalMs: number): BenchRow {
  const problem = result.body.errors?.[0];
  const whole = result.status === 422 && result.staffRows === 0;
  return {
    name,
    figure: `${result.status} in ${(result.ms / 1000).toFixed(2)} s, ${result.staffRows} staff rows written; ${problem ? `"${problem.message}"` : 'no problem named'}`,
    goal: `422 naming the row, nothing written, ≤ ${goalMs / 1000} s`,
    met: whole && problem !== undefined && result.ms <= goalMs,
  };
}

/**
 * POST /api/staff/import of `size` rows as HR, each run into a fresh database so every run creates every
 * account, staff row and assignment (the heaviest import a district does: the first one); then the same
 * file with an impossible hire date on its last row.
 */
export async function benchImport(size: number, options = { runs: 3, goalMs: 1500 }): Promise<BenchRow[]> {
  const people = makePeople(size, makeSites(50), seededRandom(11));
  const csv = rosterCsv(people);
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) samples.push(created(await importOnce(csv), size));
  const ms = median(samples);
  const last = people.length - 1;
  const bad = rosterCsv(people.map((p, i) => (i === last ? { ...p, hireDate: '2024-02-30' } : p)));
  return [
    {
      name: `roster import, ${size.toLocaleString('en-US')} new rows over HTTP (median of ${options.runs}, fresh db each)`,
      figure: `${(ms / 1000).toFixed(2)} s (${samples.map((s) => (s / 1000).toFixed(2)).join(', ')})`,
      goal: `≤ ${options.goalMs / 1000} s`,
      met: ms <= options.goalMs,
    },
    refusedRow(
      `the same ${(csv.length / 1024 / 1024).toFixed(1)} MB roster with the last row's hire date 2024-02-30`,
      await importOnce(bad),
      options.goalMs,
    ),
  ];
}

/** The OneRoster role of each bench job role. */
const ONEROSTER_ROLE: Record<string, string> = {
  teacher: 'teacher',
  paraprofessional: 'aide',
  counselor: 'counselor',
  administrator: 'principal',
  support: 'proctor',
};

/** The same people as a OneRoster 1.2 package, imported the same way (POST /api/staff/import/oneroster). */
export async function benchOneRosterImport(
  size: number,
  options = { runs: 3, goalMs: 2000 },
): Promise<BenchRow> {
  const { runs } = options;
  const sites = makeSites(50);
  const people = makePeople(size, sites, seededRandom(11));
  const orgs = sites.map((site) => ({
    sourcedId: `org-${site.code}`,
    name: site.name,
    type: 'school',
    identifier: site.code,
  }));
  const zip = zipOf(
    oneRosterFiles(
      people.map((p) => ({
        sourcedId: `u-${p.employeeId}`,
        identifier: p.employeeId,
        givenName: p.firstName,
        familyName: p.lastName,
        email: p.email,
        role: ONEROSTER_ROLE[p.jobRole] ?? 'proctor',
        org: `org-${p.siteCode}`,
        beginDate: p.hireDate,
        status: p.status === 'inactive' ? 'tobedeleted' : '',
      })),
      orgs,
    ),
  );
  const samples: number[] = [];
  for (let i = 0; i < runs; i++)
    samples.push(
      created(await importOnce(zip, { path: '/api/staff/import/oneroster', type: 'application/zip' }), size),
    );
  const ms = median(samples);
  return {
    name: `OneRoster 1.2 import, ${size.toLocaleString('en-US')} new staff in a ${(zip.length / 1e6).toFixed(1)} MB ZIP (median of ${runs}, fresh db each)`,
    figure: `${(ms / 1000).toFixed(2)} s (${samples.map((s) => (s / 1000).toFixed(2)).join(', ')})`,
    goal: `≤ ${options.goalMs / 1000} s`,
    met: ms <= options.goalMs,
  };
}
