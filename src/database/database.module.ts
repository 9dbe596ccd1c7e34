import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Database, SERVER_BUSY_TIMEOUT_MS } from './database.js';
import { SettingsService } from './settings.service.js';

/** Closes the door when the server stops (queued writes finish first). */
class DatabaseShutdown implements OnApplicationShutdown {
  constructor(private readonly database: Database) {}

  onApplicationShutdown(): Promise<void> {
    return this.database.close();
  }
}

/** The server's door to the data, opened (and the schema brought up to date) before anything else starts. */
@Global()
@Module({
  providers: [
    {
      provide: Database,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const database = await Database.open(config.database, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
        database.checkpointInBackground();
        return database;
      },
    },
    {
      provide: DatabaseShutdown,
      inject: [Database],
      useFactory: (database: Database) => new DatabaseShutdown(database),
    },
    SettingsService,
  ],
  exports: [Database, SettingsService],
})
export class DatabaseModule {}
