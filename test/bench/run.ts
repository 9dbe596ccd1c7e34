import 'reflect-metadata';
import { cpus, totalmem } from 'node:os';
import { loadConfig } from '../../src/config/app-config.js';
import { Database } from '../../src/database/database.js';
import { createTestDatabase, openDataSource } from '../support/test-database.js';
import { benchCertificates } from './certificates.bench.js';
import { type District, generateDistrict } from './district.js';
import { keptDistrict } from './kept-district.js';
import { benchStartup, benchThroughput, benchWrites, startHearth } from './http.bench.js';
import { benchImport, benchOneRosterImport } from './import.bench.js';
import { benchReminders } from './reminders.bench.js';
import { benchPostgresRoutes } from './pg.bench.js';
import { benchReports } from './reports.bench.js';
import { type BenchRow, printTable } from './report.js';
import { createSessions } from './sessions.js';

/**
 * `npm run bench [-- --size N] [-- --only reports,startup,throughput,writes,import,certificates,reminders]`: Hearth's
 * timing goals, measured; not part of `npm test`. `-- --pg` runs the report, reminder and import parts
 * against PostgreSQL (DATABASE_URL) with 200,000 staff, each route next to its statements run in psql.
 */
const BENCHES = [
  'reports',
  'startup',
  'throughput',
  'writes',
  'import',
  'oneroster',
  'certificates',
  'reminders',
] as const;
type Bench = (typeof BENCHES)[number];

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}
const pg = process.argv.includes('--pg');
const size = Number(argument('--size') ?? (pg ? 200_000 : 10_000));
const only =
  argument('--only')?.split(',') ?? (pg ? ['reports', 'reminders', 'import', 'oneroster'] : undefined);
/** `--profile DIR`: the Hearth server of the throughput and write benches writes a CPU profile there. */
const profile = argument('--profile');
/** `--keep FILE`: generate the district once, record it in FILE and leave it; later runs reuse it. */
const keepFile = argument('--keep');
const unknown = only?.filter((name) => !(BENCHES as readonly string[]).includes(name)) ?? [];
if (!Number.isInteger(size) || size < 10 || unknown.length > 0) {
  console.error(
    `Usage: npm run bench -- [--size N (≥ 10)] [--only ${BENCHES.join(',')}] [--pg] [--keep FILE]`,
  );
  process.exit(2);
}
if (pg && loadConfig().database.kind !== 'postgres') {
  console.error('--pg needs DATABASE_URL=postgres://… (a server where the bench may create a database)');
  process.exit(2);
}
const wants = (bench: Bench) => !only || only.includes(bench);

/** How much throughput and write traffic a district of this size generates: sessions for everyone in it. */
async function districtBenches(district: District): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (wants('startup')) rows.push(await benchStartup(district));
  if (!wants('reports') && !wants('throughput') && !wants('writes'))
    return rows.concat(await reminders(district));
  const writers = wants('writes') ? district.openModules.map((m) => m.accountId) : [];
  const readers = wants('throughput') ? district.learnerAccountIds.slice(0, 1000) : [];
  const tokenOf = await createSessions(district.db.target, [
    ...new Set([district.hrAccountId, ...writers, ...readers]),
  ]);
  // Nest re-raises SIGTERM after closing, and a process killed by a signal writes no profile: exit instead.
  const profiling = profile
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${profile}`,
        `--import=data:text/javascript,process.on('SIGTERM',()=>process.exit(0))`,
      ]
    : [];
  const hearth = await startHearth(district, profiling);
  try {
    // Reads first: the write bench changes the data the reads would see.
    if (wants('reports') && pg)
      rows.push(
        ...(await benchPostgresRoutes(district, hearth, tokenOf.get(district.hrAccountId) as string)),
        ...(await benchReports(
          district,
          hearth,
          tokenOf.get(district.hrAccountId) as string,
          undefined,
          false,
        )),
      );
    else if (wants('reports'))
      rows.push(...(await benchReports(district, hearth, tokenOf.get(district.hrAccountId) as string)));
    if (wants('throughput'))
      rows.push(
        await benchThroughput(
          district,
          readers.map((id) => tokenOf.get(id) as string),
          hearth,
        ),
      );
    if (wants('writes')) rows.push(...(await benchWrites(district, tokenOf, hearth)));
  } finally {
    await hearth.stop();
  }
  return rows.concat(await reminders(district));
}

/** Last on the district: the reminders add mail and reminder rows (the other benches do not read them). */
async function reminders(district: District): Promise<BenchRow[]> {
  if (!wants('reminders')) return [];
  return benchReminders(district, pg ? { computeMs: 30_000 } : { computeMs: 5_000, perSecond: 100 });
}

const rows: BenchRow[] = [];
// First, while the process is fresh: the memory goal is about the export, not what other benches left.
if (wants('certificates')) {
  const db = await createTestDatabase();
  const dataSource = await openDataSource(db.target);
  const database = await Database.open(db.target);
  try {
    rows.push(...(await benchCertificates(dataSource, database, size)));
  } finally {
    await database.close();
    await dataSource.destroy();
    await db.drop();
  }
}
if (wants('reports') || wants('startup') || wants('throughput') || wants('writes') || wants('reminders')) {
  const district = keepFile
    ? await keptDistrict(keepFile, { staff: size })
    : await generateDistrict({ staff: size });
  const c = district.counts;
  console.log(
    `District generated in ${district.seconds.toFixed(1)} s: ${c.staff} staff, ${c.sites} sites, ${c.assignments} assignments ` +
      `(${Object.entries(c.byStatus)
        .map(([status, n]) => `${status} ${n}`)
        .join(', ')}), ${c.certificates} certificates, ${c.moduleProgress} module rows, ` +
      `${c.quizAttempts} quiz attempts with ${c.quizChoices} choices; ${district.openModules.length} modules still open`,
  );
  try {
    rows.push(...(await districtBenches(district)));
  } finally {
    await district.db.drop();
  }
}
// On PostgreSQL the goal is the largest district's first import: 200,000 rows in 20 s, once.
const importGoal = pg ? { runs: 1, goalMs: 20_000 } : undefined;
if (wants('import')) rows.push(...(await benchImport(size, importGoal)));
if (wants('oneroster')) rows.push(await benchOneRosterImport(size, importGoal));
console.log(
  `\nHearth benchmarks: ${size.toLocaleString('en-US')} staff · Node ${process.version} · ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}) · ${Math.round(totalmem() / 2 ** 30)} GiB · ${loadConfig().database.kind}\n`,
);
printTable(rows);
process.exitCode = rows.every((row) => row.met) ? 0 : 1;
