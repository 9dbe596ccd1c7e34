import type { DataSource } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/app-config.js';
import { closeDatabase, createDataSource } from '../database/data-source.js';
import { RosterImportService } from '../staff/roster-import.service.js';
import { StaffRepository } from '../staff/staff.repository.js';

/** The services a command needs, wired by hand: commands start fast and never listen on a port. */
export interface CliContext {
  config: AppConfig;
  dataSource: DataSource;
  audit: AuditService;
  staff: StaffRepository;
  importer: RosterImportService;
}

export function cliConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

export async function withContext<T>(
  run: (context: CliContext) => Promise<T>,
  options: { migrate: boolean } = { migrate: true },
): Promise<T> {
  const config = cliConfig();
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  try {
    if (options.migrate) await dataSource.runMigrations({ transaction: 'each' });
    const audit = new AuditService(dataSource.getRepository(AuditEntry));
    const staff = new StaffRepository(dataSource);
    const importer = new RosterImportService(dataSource, staff, audit, config);
    return await run({ config, dataSource, audit, staff, importer });
  } finally {
    await closeDatabase(dataSource);
  }
}
