import autocannon from 'autocannon';
import { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import type { District } from './district.js';
import { type BenchRow, median } from './report.js';
import { type BenchServer, HEARTH_MAIN, HELLO_MAIN, spawnServer } from './servers.js';

const CONNECTIONS = 50;
/** Module completions sent before the measured ones, to warm the write path up. */
const WARM_UP_WRITES = 1000;

/** The environment of a Hearth server on the bench district (quiet logs: nothing per request anyway). */
export function hearthEnv(district: Pick<District, 'db' | 'today'>): Record<string, string> {
  return {
    DATABASE_URL: district.db.url,
    HEARTH_TODAY: district.today,
    HEARTH_DEMO: 'false',
    HEARTH_LOG_LEVEL: 'warn',
    COURSES_DIR: 'courses',
  };
}

export function startHearth(
  district: Pick<District, 'db' | 'today'>,
  nodeArgs: string[] = [],
): Promise<BenchServer> {
  return spawnServer(HEARTH_MAIN, hearthEnv(district), '/api/health', nodeArgs);
}

/** A load run: autocannon's result, and the seconds from its start to the last answer. */
interface Run {
  result: autocannon.Result;
  seconds: number;
}

/**
 * Answers per second over the whole run. Timed here: autocannon notices the end only at its next
 * one-second sample, so its own `duration` adds up to a second to a run of a fixed number of requests.
 */
const rate = ({ result, seconds }: Run) => (result['2xx'] + result.non2xx) / seconds;

/** Start-up of the built server on the district's (already migrated, 10,000-staff) database. */
export async function benchStartup(district: District, starts = 5): Promise<BenchRow> {
  const samples: number[] = [];
  for (let i = 0; i < starts; i++) {
    const server = await startHearth(district);
    samples.push(server.startMs);
    await server.stop();
  }
  const ms = median(samples);
  return {
    name: `start-up to first healthy /api/health (median of ${starts})`,
    figure: `${(ms / 1000).toFixed(2)} s (${samples.map((s) => (s / 1000).toFixed(2)).join(', ')})`,
    goal: '≤ 2 s',
    met: ms <= 2000,
  };
}

async function cannon(url: string, options: Omit<autocannon.Options, 'url'>): Promise<Run> {
  const run = await new Promise<Run>((resolve, reject) => {
    const started = performance.now();
    let last = started;
    const instance = autocannon({ url, connections: CONNECTIONS, ...options }, (error, result) =>
      error ? reject(error as Error) : resolve({ result, seconds: (last - started) / 1000 }),
    );
    instance.on('response', () => (last = performance.now()));
  });
  if (run.result.errors > 0)
    throw new Error(`${url}: ${run.result.errors} connection errors (${run.result.timeouts} timeouts)`);
  return run;
}

/** GET /api/me/assignments as many signed-in learners, against the same route-shaped floor: a bare Nest app. */
export async function benchThroughput(
  district: District,
  tokens: string[],
  hearth: BenchServer,
  seconds = 10,
): Promise<BenchRow> {
  let next = 0;
  const mine: Omit<autocannon.Options, 'url'> = {
    requests: [
      {
        method: 'GET',
        path: '/api/me/assignments',
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` },
        }),
      },
    ],
  };
  await cannon(hearth.url, { ...mine, duration: 2 }); // warm-up: JIT, SQLite page cache
  const run = await cannon(hearth.url, { ...mine, duration: seconds });
  const { result } = run;

  const hello = await spawnServer(HELLO_MAIN, {}, '/hello');
  let bare: Run;
  try {
    await cannon(`${hello.url}/hello`, { duration: 2 });
    bare = await cannon(`${hello.url}/hello`, { duration: seconds });
  } finally {
    await hello.stop();
  }
  const share = rate(run) / rate(bare);
  const failed = result.non2xx > 0 ? `, ${result.non2xx} non-2xx!` : '';
  return {
    name: `GET /api/me/assignments, ${CONNECTIONS} connections, ${tokens.length} learners`,
    figure: `${rate(run).toFixed(0)} req/s = ${(share * 100).toFixed(0)}% of bare Nest+Fastify (${rate(bare).toFixed(0)} req/s), p99 ${result.latency.p99} ms${failed}`,
    goal: '≥ 40% of bare',
    met: share >= 0.4 && result.non2xx === 0,
  };
}

/**
 * POST …/modules/:moduleId/complete, each request a module its learner has not done yet, so every one is
 * a real write; the first thousand warm up and are not timed. Afterwards the rows written must equal
 * the 2xx answers: none lost.
 */
export async function benchWrites(
  district: District,
  tokenOf: Map<number, string>,
  hearth: BenchServer,
): Promise<BenchRow[]> {
  const open = district.openModules;
  const countRows = async () => {
    const database = await Database.open(district.db.target);
    try {
      return (await database.row<{ n: number }>(sql`SELECT COUNT(*) AS n FROM module_progress`))?.n ?? 0;
    } finally {
      await database.close();
    }
  };
  const before = await countRows();
  let next = 0;
  const write = (amount: number) =>
    cannon(hearth.url, {
      amount,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const pair = open[next++];
            return {
              ...request,
              path: `/api/me/courses/${pair.courseId}/modules/${pair.moduleId}/complete`,
              headers: { ...request.headers, authorization: `Bearer ${tokenOf.get(pair.accountId)}` },
            };
          },
        },
      ],
    });
  // Warm-up (JIT, the write path's first statements), as the read bench has: writes of their own.
  const warmUp = await write(Math.min(WARM_UP_WRITES, Math.floor(open.length / 4)));
  // A spare tail: autocannon may prepare a request or two past `amount`; those must still be new pairs.
  const amount = Math.max(0, open.length - next - CONNECTIONS * 2);
  const run = await write(amount);
  const { result } = run;
  const written = (await countRows()) - before;
  const perSecond = rate(run);
  const p99 = result.latency.p99;
  const answered = warmUp.result['2xx'] + result['2xx'];
  const others = warmUp.result.non2xx + result.non2xx;
  const lost = answered - written;
  return [
    {
      name: `module completions, ${CONNECTIONS} connections, ${amount.toLocaleString('en-US')} distinct writes`,
      figure: `${perSecond.toFixed(0)} writes/s, p50 ${result.latency.p50} ms, p99 ${p99} ms`,
      goal: '≥ 3,000/s, p99 ≤ 30 ms',
      met: perSecond >= 3000 && p99 <= 30,
    },
    {
      name: 'module completions lost (2xx answers − rows written)',
      figure: `${lost} (${answered} × 2xx, ${others} other, ${written} rows, warm-up included)`,
      goal: '0, all 2xx',
      met: lost === 0 && others === 0 && result['2xx'] === amount,
    },
  ];
}
