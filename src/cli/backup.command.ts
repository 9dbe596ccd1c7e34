import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { BackupRefused, backupSqlite } from '../database/backup.js';
import { cliConfig } from './context.js';

/** `hearth backup FILE`: a consistent copy of the SQLite database taken while Hearth keeps running. */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('copy the SQLite database to FILE while Hearth runs (for PostgreSQL, use pg_dump)')
    .argument('<file>', 'where to write the copy, e.g. backups/hearth-2026-11-23.sqlite')
    .action(async (file: string) => {
      const config = cliConfig();
      const bar = new SingleBar(
        { format: 'Backup |{bar}| {percentage}% of {total} pages', stream: process.stderr, hideCursor: true },
        Presets.shades_classic,
      );
      let started = false;
      try {
        const result = await backupSqlite(config.database, file, (copied, total) => {
          if (!started) bar.start(total, 0);
          started = true;
          bar.setTotal(total);
          bar.update(copied);
        });
        if (started) bar.stop();
        console.log(
          `Backed up ${result.source} to ${file} (${result.totalPages} pages, integrity check ok).`,
        );
      } catch (error) {
        if (started) bar.stop();
        if (error instanceof BackupRefused) {
          console.error(error.message);
          process.exit(2);
        }
        console.error(`Backup failed: ${(error as Error).message}`);
        process.exitCode = 1;
      }
    });
}
