import 'reflect-metadata';
import { cpus, totalmem } from 'node:os';
import { openDatabase } from '../../src/database/data-source.js';
import { createTestDatabase } from '../support/test-database.js';
import { benchCertificates } from './certificates.bench.js';
import { type BenchRow, printTable } from './report.js';

/** `npm run bench [-- --size N]`: Hearth's timing goals, measured; not part of `npm test`. */
const sizeArg = process.argv.indexOf('--size');
const size = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 10_000;

const rows: BenchRow[] = [];
const db = await createTestDatabase();
const dataSource = await openDatabase({ database: db.target });
try {
  rows.push(...(await benchCertificates(dataSource, size)));
} finally {
  await dataSource.destroy();
  await db.drop();
}
console.log(
  `\nHearth benchmarks: ${size.toLocaleString('en-US')} staff · Node ${process.version} · ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}) · ${Math.round(totalmem() / 2 ** 30)} GiB · ${db.target.kind}\n`,
);
printTable(rows);
process.exitCode = rows.every((row) => row.met) ? 0 : 1;
