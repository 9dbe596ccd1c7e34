import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import BetterSqlite3 from 'better-sqlite3';
import type { DatabaseTarget } from '../config/app-config.js';

/** How many database pages each backup step copies before letting writers in again. */
const PAGES_PER_STEP = 1000;

/** Why no backup was started (a wrong database or file name), in words for the person who asked. */
export class BackupRefused extends Error {}

/**
 * A consistent copy of the SQLite database taken while Hearth keeps running, with SQLite's online backup
 * (through better-sqlite3). Writers are only paused between steps; the copy is the database as it was at
 * one moment, checked with `integrity_check` before it gets its name. PostgreSQL has its own tool (`pg_dump`).
 */
export async function backupSqlite(
  target: DatabaseTarget,
  file: string,
  progress: (copiedPages: number, totalPages: number) => void,
): Promise<{ source: string; totalPages: number }> {
  if (target.kind !== 'sqlite')
    throw new BackupRefused('backup copies a SQLite database; for PostgreSQL use pg_dump (see the README).');
  const source = target.path;
  if (!existsSync(source))
    throw new BackupRefused(`There is no SQLite database at ${source} (DATABASE_URL).`);
  if (existsSync(file)) throw new BackupRefused(`${file} exists already; choose a new file name.`);
  const database = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  // Written to a temporary name first: a half-written copy never carries the real name.
  const partial = `${file}.partial`;
  try {
    const result = await database.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        progress(totalPages - remainingPages, totalPages);
        return PAGES_PER_STEP;
      },
    });
    const copy = new BetterSqlite3(partial, { readonly: true });
    const check = copy.pragma('integrity_check', { simple: true });
    copy.close();
    if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
    await rename(partial, file);
    return { source, totalPages: result.totalPages };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    database.close();
  }
}
