import { loadConfig } from '../../src/config/app-config.js';
import { CourseCatalog } from '../../src/courses/course-catalog.service.js';
import { Database } from '../../src/database/database.js';
import { ComplianceService } from '../../src/reports/compliance.service.js';
import { ReportsRepository } from '../../src/reports/reports.repository.js';
import type { District } from './district.js';
import { hearthEnv } from './http.bench.js';
import { type BenchRow, median, timeIt } from './report.js';
import type { BenchServer } from './servers.js';

const RUNS = 15;
/**
 * "Flat": the export holds one page of 5,000 rows and the sorted assignment ids, whatever the size of the
 * file; never the file (or the table) itself.
 */
const FLAT_MB = 32;

async function fetchOk(url: string, token: string): Promise<number> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  // Read the body to the end, as a client does; count the bytes so nothing is optimised away.
  let bytes = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}

/**
 * The compliance report over HTTP against the same aggregate run as raw SQL on the same database, and
 * the CSV export of every row, with the server's memory sampled while it streams.
 */
export async function benchReports(
  district: Pick<District, 'db' | 'today' | 'counts'>,
  hearth: BenchServer,
  hrToken: string,
  goals: { jsonRatio: number; csvMs?: number } = { jsonRatio: 1.5, csvMs: 200 },
  /** false: only the memory the CSV export holds (on PostgreSQL, pg.bench.ts times the routes against psql). */
  timed = true,
): Promise<BenchRow[]> {
  const env = hearthEnv(district);
  const config = loadConfig({ ...env, DATABASE_URL: district.db.url });
  const catalog = new CourseCatalog(config);
  void catalog.reload(); // without the database, loaded before it returns
  const database = await Database.open(district.db.target);
  const rows: BenchRow[] = [];
  try {
    const repository = new ReportsRepository(database);
    const { scope } = await new ComplianceService(repository, catalog, config).scopeOf({});
    if (!timed) {
      rows.push(await csvHeld(new ComplianceService(repository, catalog, config)));
      return rows;
    }
    const query = repository.countByStatusQuery(scope, 'site');
    const url = `${hearth.url}/api/reports/compliance?groupBy=site`;
    // Warm both paths once (statement caches, page cache), then time them interleaved.
    await database.rows(query);
    await fetchOk(url, hrToken);
    const raw: number[] = [];
    const http: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      raw.push(...(await timeIt(() => database.rows(query), 1)));
      http.push(...(await timeIt(() => fetchOk(url, hrToken), 1)));
    }
    const ratio = median(http) / median(raw);
    rows.push({
      name: `compliance JSON over HTTP vs the same aggregate as raw SQL (${district.counts.assignments.toLocaleString('en-US')} assignments)`,
      figure: `${median(http).toFixed(1)} ms vs ${median(raw).toFixed(1)} ms = ${ratio.toFixed(2)}x`,
      goal: `≤ ${goals.jsonRatio}x`,
      met: ratio <= goals.jsonRatio,
    });

    const csvUrl = `${hearth.url}/api/reports/compliance.csv`;
    let bytes = 0;
    // Warmed once like the JSON (the first export compiles the CSV code), then the median of 11.
    await fetchOk(csvUrl, hrToken);
    const csv = await timeIt(async () => (bytes = await fetchOk(csvUrl, hrToken)), 11);
    const heldMb = await csvHeldMb(new ComplianceService(repository, catalog, config));
    rows.push({
      name: `CSV export of every row (${(bytes / 1024 / 1024).toFixed(1)} MB); memory the export holds while streaming`,
      figure: `${median(csv).toFixed(0)} ms; ${heldMb.toFixed(1)} MB held`,
      goal: `${goals.csvMs ? `≤ ${goals.csvMs} ms, ` : ''}memory flat (≤ ${FLAT_MB} MB)`,
      met: (!goals.csvMs || median(csv) <= goals.csvMs) && heldMb <= FLAT_MB,
    });
  } finally {
    await database.close();
  }
  return rows;
}

/**
 * Memory: the export in this process, with a full garbage collection every few chunks, so the figure is
 * what the export holds on to (a server's RSS also counts garbage not yet collected).
 */
async function csvHeldMb(compliance: ComplianceService): Promise<number> {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run the bench with node --expose-gc');
  collect();
  const base = process.memoryUsage().heapUsed;
  let held = 0;
  let chunks = 0;
  for await (const chunk of (await compliance.csv({})).body) {
    void chunk;
    if (++chunks % 25 === 0) {
      collect();
      held = Math.max(held, process.memoryUsage().heapUsed - base);
    }
  }
  return held / 1024 / 1024;
}

async function csvHeld(compliance: ComplianceService): Promise<BenchRow> {
  const heldMb = await csvHeldMb(compliance);
  return {
    name: 'memory the CSV export of every row holds while it streams',
    figure: `${heldMb.toFixed(1)} MB held`,
    goal: `memory flat (≤ ${FLAT_MB} MB)`,
    met: heldMb <= FLAT_MB,
  };
}
