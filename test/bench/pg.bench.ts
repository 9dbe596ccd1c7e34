import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config/app-config.js';
import { CourseCatalog } from '../../src/courses/course-catalog.service.js';
import type { Database } from '../../src/database/database.js';
import type { Sql } from '../../src/database/sql.js';
import { ComplianceService } from '../../src/reports/compliance.service.js';
import { OVERDUE_PAGE } from '../../src/reports/overdue-rows.js';
import { ReportsRepository } from '../../src/reports/reports.repository.js';
import { StaffRepository } from '../../src/staff/staff.repository.js';
import type { District } from './district.js';
import { hearthEnv } from './http.bench.js';
import { inlined, psqlTimes, statementsOf } from './psql.js';
import { type BenchRow, median } from './report.js';
import type { BenchServer } from './servers.js';

const RUNS = 11;
/** A server past this is not a few-hundred-MB process any more (its peak resident set, all routes). */
const PEAK_MB = 1024;

export interface Route {
  name: string;
  path: string;
  goalMs: number;
  /** What the route asks of the database, as psql runs it. */
  statements: string[];
}

/** The HTTP answer read to its end, as a browser or a spreadsheet download does. */
async function fetchAll(url: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  let bytes = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}

/** The routes and, for each, what it asks of the database (exported for a look with EXPLAIN). */
export async function postgresRoutes(district: Pick<District, 'db' | 'today'>): Promise<Route[]> {
  const config = loadConfig({ ...hearthEnv(district), DATABASE_URL: district.db.url });
  const catalog = new CourseCatalog(config);
  void catalog.reload(); // without the database, loaded before it returns
  const compliance = (door: Database) => new ComplianceService(new ReportsRepository(door), catalog, config);
  const raw = (queries: Sql[]) => queries.map(inlined);
  const { scope } = await compliance(undefined as unknown as Database).scopeOf({});
  const search = { q: 'maria garcia', sort: 'name', order: 'asc', page: 1, pageSize: 50 } as const;
  return [
    {
      name: 'compliance JSON (GET /api/reports/compliance)',
      path: '/api/reports/compliance?groupBy=site',
      goalMs: 1000,
      statements: raw(await statementsOf((door) => compliance(door).report({ groupBy: 'site' }))),
    },
    {
      name: 'compliance dashboard (GET /hr)',
      path: '/hr',
      goalMs: 1000,
      statements: raw(
        await statementsOf(async (door) => {
          await compliance(door).sites();
          await compliance(door).jobRoles();
          await compliance(door).report({});
        }),
      ),
    },
    {
      name: 'compliance CSV of every row (GET /api/reports/compliance.csv) vs COPY … TO STDOUT',
      path: '/api/reports/compliance.csv',
      goalMs: 3000,
      statements: (
        await statementsOf(async (door) => {
          for await (const page of new ReportsRepository(door).complianceRows(scope)) void page;
        })
      ).map((query) => `COPY (${inlined(query)}) TO STDOUT WITH (FORMAT csv)`),
    },
    {
      name: `staff search page (GET /hr/staff?q=${search.q.replace(' ', '+')})`,
      path: `/hr/staff?q=${encodeURIComponent(search.q)}`,
      goalMs: 300,
      statements: raw(
        await statementsOf(async (door) => {
          const staff = new StaffRepository(door);
          await staff.findPage(search);
          await staff.sites();
          await staff.countAwaitingPassword(1000);
        }),
      ),
    },
    {
      name: `overdue list, first page of ${OVERDUE_PAGE} (GET /hr/overdue)`,
      path: '/hr/overdue',
      goalMs: 300,
      statements: raw(
        await statementsOf(async (door) => {
          await compliance(door).overdue(scope, OVERDUE_PAGE, 0);
        }),
      ),
    },
  ];
}

/**
 * The routes HR waits on at 200,000 staff, each over HTTP next to what it asks of the database run raw
 * in psql in the same sitting (interleaved, so both see the same machine): the ratio says what Hearth
 * adds, the time what a person waits.
 */
export async function benchPostgresRoutes(
  district: Pick<District, 'db' | 'today' | 'counts'>,
  hearth: BenchServer,
  hrToken: string,
): Promise<BenchRow[]> {
  const routes = await postgresRoutes(district);
  // Pages take the session cookie, the API the bearer token: the same session either way.
  const headers = (path: string): Record<string, string> =>
    path.startsWith('/api/')
      ? { authorization: `Bearer ${hrToken}` }
      : { cookie: `hearth_session=${hrToken}` };
  const rows: BenchRow[] = [];
  for (const route of routes) {
    const url = `${hearth.url}${route.path}`;
    // Warm both (plans, the page cache, the code's first compile), then interleave.
    psqlTimes(district.db.url, route.statements, 1);
    let bytes = await fetchAll(url, headers(route.path));
    const http: number[] = [];
    const psql: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      psql.push(...psqlTimes(district.db.url, route.statements, 1));
      const started = performance.now();
      bytes = await fetchAll(url, headers(route.path));
      http.push(performance.now() - started);
    }
    const ratio = median(http) / median(psql);
    const size = bytes > 1024 * 1024 ? `, ${(bytes / 1024 / 1024).toFixed(1)} MB` : '';
    rows.push({
      name: `${route.name}${size}: HTTP vs the same ${route.statements.length === 1 ? 'statement' : `${route.statements.length} statements`} in psql`,
      figure: `${median(http).toFixed(0)} ms vs ${median(psql).toFixed(0)} ms = ${ratio.toFixed(2)}x`,
      goal: `≤ ${route.goalMs >= 1000 ? `${route.goalMs / 1000} s` : `${route.goalMs} ms`}, ≤ 1.5x`,
      met: median(http) <= route.goalMs && ratio <= 1.5,
    });
  }
  const peakMb =
    Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${hearth.pid}/status`, 'utf8'))?.[1]) / 1024;
  rows.push({
    name: 'the instance’s peak resident memory over these routes (VmHWM)',
    figure: `${peakMb.toFixed(0)} MB`,
    goal: `≤ ${PEAK_MB} MB`,
    met: peakMb <= PEAK_MB,
  });
  return rows;
}
