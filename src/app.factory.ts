import { type LogLevel, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { StartupGate } from './common/startup-gate.js';
import { Database } from './database/database.js';
import type { AppConfig } from './config/app-config.js';
import { configureHttp } from './web/http-setup.js';
import { serverOptions } from './web/server-options.js';

const LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/**
 * Builds the whole Hearth application (migrations run, start-up tasks done) without listening yet; the
 * StartupGate's catch-up work is left for `startServer` to run once listening.
 */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    // Fastify's own request logging is off: request bodies and headers hold passwords and tokens.
    // Client addresses come from X-Forwarded-For only behind the proxies TRUST_PROXY names.
    new FastifyAdapter({ logger: false, trustProxy: config.trustProxy, ...serverOptions(config) }),
    { logger: LEVELS[config.logLevel], bufferLogs: true },
  );
  // Termination signals only. Nest's default list includes SIGBUS and SIGSEGV: a handler for a memory
  // fault returns to the faulting instruction, which faults again, so the server spun forever instead
  // of dying (SQLite's shared-memory file made unwritable does that) and died later with no log line.
  // Once stopped (requests drained, senders and database closed: HttpDrain), exit 0 rather than die
  // of the signal again: a supervisor reads a clean stop.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT', 'SIGHUP'], { useProcessExit: true });
  await configureHttp(app, config);
  await app.init();
  return app;
}

export async function startServer(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await createApp(config);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  new Logger('Hearth').log(`Hearth is listening on ${config.publicUrl} (${config.database.kind})`);
  // Start-up catch-up work runs now; requests but /api/health wait for it (StartupGate).
  // One instance at a time on a shared database: several starting together do it in turn.
  const database = app.get(Database);
  void app.get(StartupGate).start((work) => database.exclusively('startup', work));
  return app;
}
