import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { cliConfig } from './context.js';

/** How many database pages each backup step copies before letting writers in again. */
const PAGES_PER_STEP = 1000;

/**
 * `hearth backup FILE`: a consistent copy of the SQLite database taken while Hearth keeps running, with
 * SQLite's online backup (through better-sqlite3). Writers are only paused between steps; the copy is the
 * database as it was at one moment. PostgreSQL has its own tool for this (`pg_dump`).
 */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('copy the SQLite database to FILE while Hearth runs (for PostgreSQL, use pg_dump)')
    .argument('<file>', 'where to write the copy, e.g. backups/hearth-2026-11-23.sqlite')
    .action(async (file: string) => {
      const config = cliConfig();
      if (config.database.kind !== 'sqlite') {
        console.error('backup copies a SQLite database; for PostgreSQL use pg_dump (see the README).');
        process.exit(2);
      }
      const source = config.database.path;
      if (source === ':memory:' || !existsSync(source)) {
        console.error(`There is no SQLite database at ${source} (DATABASE_URL).`);
        process.exit(2);
      }
      if (existsSync(file)) {
        console.error(`${file} exists already; choose a new file name.`);
        process.exit(2);
      }
      const database = new Database(source, { readonly: true, fileMustExist: true });
      const bar = new SingleBar(
        { format: 'Backup |{bar}| {percentage}% of {total} pages', stream: process.stderr, hideCursor: true },
        Presets.shades_classic,
      );
      // Written to a temporary name first: a half-written copy never carries the real name.
      const partial = `${file}.partial`;
      let started = false;
      try {
        const result = await database.backup(partial, {
          progress: ({ totalPages, remainingPages }) => {
            if (!started) bar.start(totalPages, 0);
            started = true;
            bar.setTotal(totalPages);
            bar.update(totalPages - remainingPages);
            return PAGES_PER_STEP;
          },
        });
        if (started) bar.stop();
        const copy = new Database(partial, { readonly: true });
        const check = copy.pragma('integrity_check', { simple: true });
        copy.close();
        if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
        await rename(partial, file);
        console.log(`Backed up ${source} to ${file} (${result.totalPages} pages, integrity check ok).`);
      } catch (error) {
        if (started) bar.stop();
        await rm(partial, { force: true });
        console.error(`Backup failed: ${(error as Error).message}`);
        process.exitCode = 1;
      } finally {
        database.close();
      }
    });
}
