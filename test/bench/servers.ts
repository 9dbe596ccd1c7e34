import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../support/server.js';

export interface BenchServer {
  url: string;
  /** From spawning the process to the first 200 from its health route. */
  startMs: number;
  /** The server process, for sampling its memory. */
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** The built Hearth server, as a district runs it. */
export const HEARTH_MAIN = resolve('dist/src/main.js');
/** The bare Nest + Fastify app the throughput goal compares with (compiled by tsconfig.bench.json). */
export const HELLO_MAIN = resolve('dist-bench/test/bench/hello-app.js');

/**
 * Starts `node script` on a free port with only the given environment and waits, polling every 5 ms,
 * until `healthPath` answers 200. Polling that often costs the starting server little (a refused
 * connection until it listens) and keeps the start-up figure within a few ms.
 */
export async function spawnServer(
  script: string,
  env: Record<string, string>,
  healthPath: string,
  nodeArgs: string[] = [],
): Promise<BenchServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, script], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), PUBLIC_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep the tail only: a long run must not grow this without bound.
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${script} exited (${child.exitCode}) before answering:\n${output}`);
    const ok = await fetch(`${url}${healthPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${script} did not answer ${healthPath} within 60 s:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 5));
  }
  return { url, startMs: performance.now() - started, pid: child.pid ?? 0, output: () => output, stop };
}
