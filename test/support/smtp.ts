import { SMTPServer } from 'smtp-server';

/** One message as the mail server received it. */
export interface Received {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  /** The plain-text part, decoded. */
  text: string;
  /** The HTML part, decoded ('' when there is none). */
  html: string;
  raw: string;
  /** When it arrived (ms since the epoch): rates in the bench. */
  receivedAt: number;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: Received[];
  /** Waits until `count` messages have arrived (or throws after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on a loopback port, keeping what it receives. `refuse` answers RCPT
 * for an address with a permanent 550.
 */
export async function startSmtp(
  options: { port?: number; refuse?: (address: string) => boolean } = {},
): Promise<TestSmtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Loopback only: the credentials in SMTP_URL go over plain text here.
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) {
        const error = Object.assign(new Error('No such mailbox here'), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push(
          parse(
            raw,
            session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  // A client that dies mid-session (the crash tests kill Hearth) resets its connection: not the server's fault.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET') throw error;
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`Expected ${count} messages, the mail server has ${received.length}`);
        await new Promise((done) => setTimeout(done, 50));
      }
      return received;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

function parse(raw: string, from: string, to: string[]): Received {
  const [head] = raw.split(/\r?\n\r?\n/, 1);
  const header = (name: string) =>
    new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'im')
      .exec(head)?.[1]
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim() ?? '';
  return {
    messageId: header('Message-ID'),
    from,
    to,
    subject: header('Subject'),
    text: part(raw, 'text/plain'),
    html: part(raw, 'text/html'),
    raw,
    receivedAt: Date.now(),
  };
}

/** The decoded body of the first MIME part of this type (quoted-printable or 7bit, as nodemailer writes). */
function part(raw: string, type: string): string {
  const at = raw.search(new RegExp(`^Content-Type: ${type}`, 'im'));
  if (at < 0) return '';
  const rest = raw.slice(at);
  const split = rest.search(/\r?\n\r?\n/);
  const headers = rest.slice(0, split);
  const body = rest
    .slice(split)
    .replace(/^\r?\n\r?\n/, '')
    .split(/\r?\n--/)[0];
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers))
    return Buffer.from(
      body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  if (/Content-Transfer-Encoding: base64/i.test(headers)) return Buffer.from(body, 'base64').toString('utf8');
  return body;
}
