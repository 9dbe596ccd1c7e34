import { AuditRepository } from '../audit/audit.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { ConfigError, loadConfig, type AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { SessionsRepository } from '../identity/sessions.repository.js';
import { RosterImportService } from '../staff/roster-import.service.js';
import { RosterRepository } from '../staff/roster.repository.js';
import { StaffRepository } from '../staff/staff.repository.js';

/** The services a command needs, wired by hand: commands start fast and never listen on a port. */
export interface CliContext {
  config: AppConfig;
  database: Database;
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

/** Runs a command with the database open (its schema brought up to date first), and closes it after. */
export async function withContext<T>(run: (context: CliContext) => Promise<T>): Promise<T> {
  const config = cliConfig();
  const database = await Database.open(config.database);
  try {
    const audit = new AuditService(new AuditRepository(database));
    const staff = new StaffRepository(database);
    const importer = new RosterImportService(
      database,
      new RosterRepository(database),
      new SessionsRepository(database),
      audit,
      config,
    );
    return await run({ config, database, audit, staff, importer });
  } finally {
    await database.close();
  }
}
