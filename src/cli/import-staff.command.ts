import { readFile } from 'node:fs/promises';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { withContext } from './context.js';

export function registerImportStaff(program: Command): void {
  program
    .command('import-staff')
    .description('Import the roster CSV (all rows or nothing), as POST /api/staff/import does')
    .argument('<file>', 'the roster CSV file')
    .option('--sync', 'mark staff missing from the file inactive', false)
    .option('--dry-run', 'check the file and print the counts without writing', false)
    .action(async (file: string, options: { sync: boolean; dryRun: boolean }) => {
      const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
        console.error(`Cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
        process.exit(2);
      });
      const bar = new SingleBar(
        { format: '{phase} |{bar}| {value}/{total} rows', stream: process.stderr, hideCursor: true },
        Presets.shades_classic,
      );
      let started = false;
      const result = await withContext(({ importer }) =>
        importer.importCsv(
          bytes,
          {
            sync: options.sync,
            dryRun: options.dryRun,
            source: 'cli',
            onProgress: (done, total, phase) => {
              const label = phase === 'checking' ? 'Checking' : options.dryRun ? 'Counting' : 'Writing ';
              if (!started) bar.start(total, done, { phase: label });
              started = true;
              bar.update(done, { phase: label });
            },
          },
          null,
        ),
      );
      if (started) bar.stop();
      for (const warning of result.warnings) console.error(`warning: ${warning}`);
      if (!result.ok) {
        for (const error of result.errors) {
          console.error(`${file}:${error.line}: ${error.column ? `${error.column}: ` : ''}${error.message}`);
        }
        console.error(`${result.errors.length} problem(s) found; nothing was written.`);
        process.exitCode = 1;
        return;
      }
      const { created, updated, unchanged, deactivated } = result.counts;
      console.log(
        `${options.dryRun ? 'Dry run (nothing written): would create' : 'Created'} ${created}, updated ${updated}, unchanged ${unchanged}, deactivated ${deactivated}.`,
      );
    });
}
