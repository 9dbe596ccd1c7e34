// One-off measurement (not committed): the same two queries through TypeORM's query builder, Kysely on
// better-sqlite3, and plain SQL through the door. Run from the project root after `npm run build`.
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from '/tmp/qs/node_modules/kysely/dist/esm/index.js';
import { Database } from './dist/src/database/database.js';
import { migrationSource } from './dist/src/database/migrations.js';
import { sql } from './dist/src/database/sql.js';
import { Assignment } from './dist/src/learning/assignment.entity.js';

const path = process.argv[2];
const target = { kind: 'sqlite', path };
const door = await Database.open(target, { migrate: false });
const typeorm = migrationSource(target);
await typeorm.initialize();
const kysely = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(path, { readonly: true }) }) });

const [{ accountId, courseId }] = await door.rows(sql`SELECT s.account_id, a.course_id FROM assignments a JOIN staff s ON s.id = a.staff_id LIMIT 1`);
const editions = await door.rows(sql`SELECT DISTINCT course_id, edition FROM assignments`);

async function time(name, runs, work) {
  for (let i = 0; i < Math.min(200, runs); i++) await work();
  const started = performance.now();
  for (let i = 0; i < runs; i++) await work();
  const us = ((performance.now() - started) * 1000) / runs;
  console.log(`${name.padEnd(48)} ${us.toFixed(1)} µs`);
  return us;
}

const N = 20_000;
console.log(`one assignment by account and course (${N} runs)`);
await time('TypeORM query builder (getOne)', N, () =>
  typeorm.getRepository(Assignment).createQueryBuilder('a').innerJoin('a.staff', 's')
    .where('s.accountId = :accountId', { accountId }).andWhere('a.courseId = :courseId', { courseId })
    .andWhere('a.withdrawnOn IS NULL').orderBy('a.edition', 'DESC').getOne());
await time('Kysely (selectAll, executeTakeFirst)', N, () =>
  kysely.selectFrom('assignments as a').innerJoin('staff as s', 's.id', 'a.staff_id').selectAll('a')
    .where('s.account_id', '=', accountId).where('a.course_id', '=', courseId).where('a.withdrawn_on', 'is', null)
    .orderBy('a.edition', 'desc').limit(1).executeTakeFirst());
await time('plain SQL through the door (row)', N, () =>
  door.row(sql`SELECT a.* FROM assignments a JOIN staff s ON s.id = a.staff_id
    WHERE s.account_id = ${accountId} AND a.course_id = ${courseId} AND a.withdrawn_on IS NULL
    ORDER BY a.edition DESC LIMIT 1`));

const { courseId: c, edition: e } = editions[0];
const count = (await door.row(sql`SELECT COUNT(*) AS n FROM assignments WHERE course_id = ${c} AND edition = ${e}`)).n;
console.log(`\nevery assignment of one edition (${count} rows, 30 runs)`);
await time('TypeORM query builder (getMany, entities)', 30, () =>
  typeorm.getRepository(Assignment).createQueryBuilder('a').where('a.courseId = :c AND a.edition = :e', { c, e }).getMany());
await time('TypeORM query builder (getRawMany)', 30, () =>
  typeorm.getRepository(Assignment).createQueryBuilder('a').where('a.courseId = :c AND a.edition = :e', { c, e }).getRawMany());
await time('Kysely (selectAll, execute)', 30, () =>
  kysely.selectFrom('assignments').selectAll().where('course_id', '=', c).where('edition', '=', e).execute());
await time('plain SQL through the door (rows)', 30, () =>
  door.rows(sql`SELECT * FROM assignments WHERE course_id = ${c} AND edition = ${e}`));

await typeorm.destroy();
await kysely.destroy();
await door.close();
