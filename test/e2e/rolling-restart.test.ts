import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStaff, makeStaffList, rosterCsv } from '../factories/staff.factory.js';
import { Api } from '../support/api.js';
import { ADMIN, freePort, startServer, type TestServer } from '../support/server.js';
import { openDataSource } from '../support/test-database.js';

interface Answer {
  status: number;
  headers: string;
  body: string;
}

/** A kept-alive connection, as a proxy holds one: what is written, and the answers read back in order. */
function connection(url: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => undefined);
  let buffer = '';
  const answers: Answer[] = [];
  let wanted: { count: number; done: (answers: Answer[]) => void } | undefined;
  const check = () => {
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) break;
      const headers = buffer.slice(0, end);
      const length = Number(/content-length: *(\d+)/i.exec(headers)?.[1] ?? 0);
      if (buffer.length < end + 4 + length) break;
      answers.push({
        status: Number(headers.split(' ')[1]),
        headers,
        body: buffer.slice(end + 4, end + 4 + length),
      });
      buffer = buffer.slice(end + 4 + length);
    }
    if (wanted && answers.length >= wanted.count) wanted.done(answers);
  };
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    check();
  });
  return {
    head: `host: ${hostname}:${port}`,
    write: (text: string | Buffer) => new Promise<void>((done) => socket.write(text, () => done())),
    answers: (count: number) =>
      new Promise<Answer[]>((done) => {
        wanted = { count, done };
        check();
      }),
    end: () => socket.destroy(),
  };
}

function connectsTo(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      done('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

describe('a rolling restart: SIGTERM while a request is in flight', () => {
  let server: TestServer;
  let token: string;
  // A mail server that greets and then never answers: a delivery in flight when the signal comes.
  let stalled: Server;
  const sockets: Socket[] = [];
  let connected!: () => void;
  const mailing = new Promise<void>((done) => (connected = done));

  beforeAll(async () => {
    const port = await freePort();
    stalled = createServer((socket) => {
      sockets.push(socket);
      socket.write('220 stalled.test ESMTP\r\n');
      connected();
    });
    await new Promise<void>((done) => stalled.listen(port, '127.0.0.1', done));
    server = await startServer({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    token = admin.authHeaders().authorization;
    await admin.post('/api/staff/import', rosterCsv([makeStaff({ employeeId: 'M-1' })]), 'text/csv');
    const invited = await admin.post('/api/auth/invitations', { employeeId: 'M-1', send: true });
    if (invited.status !== 201) throw new Error(`invitation: ${invited.status}`);
    await mailing;
  });

  afterAll(async () => {
    await server?.stop();
    for (const socket of sockets) socket.destroy();
    stalled?.close();
  });

  it('finishes it whole, answers 503 to the next request, refuses new connections, gives mail back, exits 0', async () => {
    const csv = Buffer.from(
      rosterCsv(makeStaffList(200, (i) => ({ employeeId: `R-${i}`, email: `r${i}@district.test` }))),
    );
    const half = Math.floor(csv.length / 2);
    const proxy = connection(server.url);
    // A roster import whose body is half sent when the signal comes.
    await proxy.write(
      `POST /api/staff/import HTTP/1.1\r\n${proxy.head}\r\nauthorization: ${token}\r\n` +
        `content-type: text/csv\r\ncontent-length: ${csv.length}\r\n\r\n`,
    );
    await proxy.write(csv.subarray(0, half));
    // Another request's answer: the server has read the import's head by then.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

    server.signal('SIGTERM');
    await server.printed('Stopping: no new connections');
    expect(await connectsTo(server.url)).toBe('ECONNREFUSED');
    expect(server.ended()).toBeNull();

    // The rest of the body, and the health check a proxy would send next on the same connection.
    await proxy.write(
      Buffer.concat([csv.subarray(half), Buffer.from(`GET /api/health HTTP/1.1\r\n${proxy.head}\r\n\r\n`)]),
    );
    const [imported, health] = await proxy.answers(2);
    expect(imported.status).toBe(200);
    expect(JSON.parse(imported.body)).toMatchObject({ created: 200, updated: 0 });
    expect(health.status).toBe(503);
    expect(health.headers).toMatch(/connection: close/i);
    proxy.end();

    await server.exited();
    expect(server.ended()).toEqual({ code: 0, signal: null });
    // The invitation the stalled delivery held is the queue's again, for another instance to send.
    const dataSource = await openDataSource(server.db.target);
    try {
      expect(
        await dataSource.query<unknown[]>(
          "SELECT status, claimed_until FROM mail_messages WHERE kind = 'invitation'",
        ),
      ).toEqual([{ status: 'pending', claimed_until: null }]);
    } finally {
      await dataSource.destroy();
    }
    expect(server.output()).not.toMatch(/cut off|ERROR/);
  }, 60_000);
});
