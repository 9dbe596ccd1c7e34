import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface Arrival {
  statementId: string;
  statement: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

/**
 * A small xAPI learning record store on loopback, as a district's would behave for Hearth's PUTs:
 * `PUT /statements?statementId=…` with the version header and Basic credentials stores a statement
 * (204), once: a second PUT of the same id is not stored again. Every arrival is kept, so a test sees
 * whether anything came twice. It can be stopped and started again on its port (an outage).
 */
export class TestLrs {
  readonly arrivals: Arrival[] = [];
  readonly stored = new Map<string, Record<string, unknown>>();
  private server?: Server;

  constructor(
    readonly port: number,
    private readonly credentials = { username: 'lrs-key', password: 'lrs-secret' },
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}/xapi`;
  }

  async start(): Promise<void> {
    const expected = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', this.endpoint);
        const answer = (status: number, body = '') => response.writeHead(status).end(body);
        if (request.headers.authorization !== expected) return answer(401, 'bad credentials');
        if (request.headers['x-experience-api-version'] !== '1.0.3') return answer(400, 'no version header');
        if (request.method !== 'PUT' || url.pathname !== '/xapi/statements') return answer(404);
        const statementId = url.searchParams.get('statementId') ?? '';
        let statement: Record<string, unknown>;
        try {
          statement = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          return answer(400, 'not JSON');
        }
        if (statement.id !== undefined && statement.id !== statementId) return answer(400, 'id mismatch');
        this.arrivals.push({ statementId, statement, headers: request.headers });
        if (!this.stored.has(statementId)) this.stored.set(statementId, statement);
        answer(204);
      });
    });
    await new Promise<void>((listening) => this.server?.listen(this.port, '127.0.0.1', listening));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((closed) => server.close(closed));
  }

  /** Waits until `count` statements are stored (or 60 s pass). */
  async until(count: number): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (this.stored.size < count && Date.now() < deadline)
      await new Promise((wait) => setTimeout(wait, 100));
  }
}
