import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** From connecting to the server closing the connection after its answer. */
  ms: number;
}

/**
 * One HTTP/1.1 request over a plain socket; the connection is closed after the answer, which is read to
 * its end. With `announceOnly`, the body's length is announced and the body is not sent: a server that
 * refuses by size must answer without reading it (had it been sent, the server's early close could
 * reset the connection before its answer is read, as fetch would report too).
 */
export function rawRequest(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | Buffer = '',
  { announceOnly = false } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise((done, fail) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may close while the body is still being written: what it answered is what counts.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString();
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return fail(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const fields: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        fields[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      done({
        status: Number(statusLine.split(' ')[1]),
        headers: fields,
        body: text.slice(end + 4),
        ms: performance.now() - started,
      });
    });
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const head = [`${method} ${path} HTTP/1.1`, `host: ${hostname}:${port}`, 'connection: close'];
    if (method !== 'GET' && method !== 'HEAD') head.push(`content-length: ${bytes.length}`);
    for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
    socket.write(`${head.join('\r\n')}\r\n\r\n`);
    if (bytes.length && !announceOnly) socket.write(bytes);
  });
}
