import { Database } from '../../src/database/database.js';
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

/** One roster import over HTTP into a fresh, migrated database holding only an HR account; ms. */
async function importOnce(
  upload: string | Buffer,
  expected: number,
  route = { path: '/api/staff/import', type: 'text/csv' },
): Promise<number> {
  const db = await createTestDatabase();
  try {
    const database = await Database.open(db.target);
    let hrId: number;
    try {
      hrId = await new AccountsRepository(database).create({
        email: 'hr@bench-district.test',
        passwordHash: null,
        roles: ['learner', 'hr'],
        createdAt: new Date(),
      });
    } finally {
      await database.close();
    }
    const token = (await createSessions(db.target, [hrId])).get(hrId) as string;
    const server = await startHearth({ db, today: DISTRICT_TODAY });
    try {
      const started = performance.now();
      const response = await fetch(`${server.url}${route.path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': route.type },
        body: upload,
      });
      const body = (await response.json()) as { created?: number };
      const ms = performance.now() - started;
      if (response.status !== 200 || body.created !== expected) {
        throw new Error(`The import answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
      }
      return ms;
    } finally {
      await server.stop();
    }
  } finally {
    await db.drop();
  }
}

/**
 * POST /api/staff/import of `size` rows as HR, each run into a fresh database so every run creates every
 * account, staff row and assignment (the heaviest import a district does: the first one).
 */
export async function benchImport(size: number, runs = 3): Promise<BenchRow> {
  const csv = rosterCsv(makePeople(size, makeSites(50), seededRandom(11)));
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await importOnce(csv, size));
  const ms = median(samples);
  return {
    name: `roster import, ${size.toLocaleString('en-US')} new rows over HTTP (median of ${runs}, fresh db each)`,
    figure: `${(ms / 1000).toFixed(2)} s (${samples.map((s) => (s / 1000).toFixed(2)).join(', ')})`,
    goal: '≤ 1.5 s',
    met: ms <= 1500,
  };
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
export async function benchOneRosterImport(size: number, runs = 3): Promise<BenchRow> {
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
      await importOnce(zip, size, { path: '/api/staff/import/oneroster', type: 'application/zip' }),
    );
  const ms = median(samples);
  return {
    name: `OneRoster 1.2 import, ${size.toLocaleString('en-US')} new staff in a ${(zip.length / 1e6).toFixed(1)} MB ZIP (median of ${runs}, fresh db each)`,
    figure: `${(ms / 1000).toFixed(2)} s (${samples.map((s) => (s / 1000).toFixed(2)).join(', ')})`,
    goal: '≤ 2 s',
    met: ms <= 2000,
  };
}
