import { Worker } from 'node:worker_threads';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import type { CheckpointReport } from './checkpoint.worker.js';
import { closeSqliteReader } from './raw-sql.js';

/** How often the worker copies the write-ahead log into the database file (ms). */
const CHECKPOINT_EVERY_MS = 200;
/** SQLite's own default, restored when the worker stops. */
const AUTO_CHECKPOINT_PAGES = 1000;

/**
 * SQLite in the server: checkpoints move from the request path to a worker thread. With auto-checkpoint
 * on, every ~250th completion's COMMIT copied the log into the database and fsynced it (up to hundreds of
 * ms on a busy disk), holding up every queued write. Durability is unchanged: a COMMIT still appends to
 * the log before it is acknowledged; the worker only moves committed pages along. At shutdown it also
 * closes the read-only connection that reads use (raw-sql.ts).
 */
@Injectable()
export class SqliteCheckpointer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Database');
  private worker?: Worker;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    const options = this.dataSource.options;
    if (options.type !== 'better-sqlite3' || options.database === ':memory:') return;
    this.worker = new Worker(new URL('./checkpoint.worker.js', import.meta.url), {
      workerData: { path: options.database, everyMs: CHECKPOINT_EVERY_MS },
    });
    this.worker.unref();
    this.worker.on('message', (report: CheckpointReport) => {
      if ('failed' in report)
        this.logger.error(`Checkpoint failed, trying again less often: ${report.failed}`);
      else this.logger.log('Checkpoints work again');
    });
    this.worker.on('error', (error) => {
      // Without the worker, SQLite checkpoints on its own again.
      this.logger.error(`Checkpoint worker failed: ${error.message}`);
      this.autoCheckpoint(AUTO_CHECKPOINT_PAGES);
      this.worker = undefined;
    });
    this.autoCheckpoint(0);
  }

  /** Before TypeORM closes the connection (it does so on application shutdown). */
  async onModuleDestroy(): Promise<void> {
    closeSqliteReader(this.dataSource);
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    this.autoCheckpoint(AUTO_CHECKPOINT_PAGES);
    const exited = new Promise((done) => worker.once('exit', done));
    worker.postMessage('stop');
    await exited;
  }

  private autoCheckpoint(pages: number): void {
    const db = (this.dataSource.driver as unknown as { databaseConnection?: Database }).databaseConnection;
    if (db?.open) db.pragma(`wal_autocheckpoint = ${pages}`);
  }
}
