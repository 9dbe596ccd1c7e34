import type { Command } from 'commander';
import { pendingSchemaChanges, revertLastMigration, runMigrations } from '../database/migrations.js';
import { cliConfig } from './context.js';

export function registerMigration(program: Command): void {
  const migration = program
    .command('migration')
    .description('Database schema migrations (they also run on every start)');
  migration
    .command('run')
    .description('apply every pending migration')
    .action(async () => {
      const applied = await runMigrations(cliConfig().database);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
    });
  migration
    .command('revert')
    .description('undo the last applied migration')
    .action(async () => {
      await revertLastMigration(cliConfig().database);
      console.log('Reverted the last migration.');
    });
  migration
    .command('generate')
    .description(
      'print the schema changes the entities need beyond the migrations (to write as a portable migration)',
    )
    .action(async () => {
      const target = cliConfig().database;
      await runMigrations(target);
      const { database, statements } = await pendingSchemaChanges(target);
      if (statements.length === 0) {
        console.log('No changes: the migrations match the entities.');
        return;
      }
      console.log(
        `-- ${statements.length} statement(s) for ${database}. Write them in migrations/ with Table/TableColumn/TableIndex so they run on SQLite and PostgreSQL:`,
      );
      for (const statement of statements) console.log(`${statement};`);
      process.exitCode = 1;
    });
}
