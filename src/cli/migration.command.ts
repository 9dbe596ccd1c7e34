import type { Command } from 'commander';
import { withContext } from './context.js';

export function registerMigration(program: Command): void {
  const migration = program
    .command('migration')
    .description('Database schema migrations (they also run on every start)');
  migration
    .command('run')
    .description('apply every pending migration')
    .action(() =>
      withContext(
        async ({ dataSource }) => {
          const applied = await dataSource.runMigrations({ transaction: 'each' });
          console.log(
            applied.length
              ? `Applied: ${applied.map((m) => m.name).join(', ')}`
              : 'The schema is up to date.',
          );
        },
        { migrate: false },
      ),
    );
  migration
    .command('revert')
    .description('undo the last applied migration')
    .action(() =>
      withContext(
        async ({ dataSource }) => {
          await dataSource.undoLastMigration({ transaction: 'each' });
          console.log('Reverted the last migration.');
        },
        { migrate: false },
      ),
    );
  migration
    .command('generate')
    .description(
      'print the schema changes the entities need beyond the migrations (to write as a portable migration)',
    )
    .action(() =>
      withContext(async ({ dataSource }) => {
        const sql = await dataSource.driver.createSchemaBuilder().log();
        if (sql.upQueries.length === 0) {
          console.log('No changes: the migrations match the entities.');
          return;
        }
        console.log(
          `-- ${sql.upQueries.length} statement(s) for ${dataSource.options.type}. Write them in migrations/ with Table/TableColumn/TableIndex so they run on SQLite and PostgreSQL:`,
        );
        for (const query of sql.upQueries) console.log(`${query.query};`);
        process.exitCode = 1;
      }),
    );
}
