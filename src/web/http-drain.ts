import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** How long requests in flight may take to finish once the server is told to stop. */
export const DRAIN_GRACE_MS = 25_000;

/**
 * The first step of stopping (a rolling restart's SIGTERM): Fastify's close at once, before the other
 * shutdown hooks. It stops accepting connections, answers 503 with `Connection: close` to any request
 * still arriving on an open one (the health check too, so a proxy sends no more), and waits for the
 * requests in flight; past the grace, the connections left are cut. The outbox senders and the database
 * close after it (their own hooks run later), so every request finishes with the database open.
 */
@Injectable()
export class HttpDrain implements OnModuleDestroy {
  private readonly logger = new Logger('Hearth');

  constructor(private readonly host: HttpAdapterHost) {}

  async onModuleDestroy(): Promise<void> {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.server.listening) return;
    // The listener first, at once (Fastify's close below stops it too, after its own hooks).
    fastify.server.close();
    this.logger.log('Stopping: no new connections; finishing the requests in flight');
    const cut = setTimeout(() => {
      this.logger.warn(`Requests still running after ${DRAIN_GRACE_MS / 1000} s were cut off`);
      fastify.server.closeAllConnections();
    }, DRAIN_GRACE_MS);
    try {
      await fastify.close();
    } finally {
      clearTimeout(cut);
    }
  }
}
