/** The pure rules of delivery: backoff and what an SMTP error means. */

export const MAX_ATTEMPTS = 8;

/** A message's wait after its nth temporary failure: 30 s doubling, capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** The sender's pause after its nth outage in a row: 1 s doubling, capped at 15 s. */
export function outageDelayMs(outages: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, outages - 1), 15_000);
}

export type Failure = 'permanent' | 'temporary' | 'outage';

const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNECTION',
  'ECONNRESET',
  'EAUTH',
]);

/** 5xx: the server refuses this message for good; 4xx: try later; no answer at all: an outage. */
export function classify(error: { code?: string; responseCode?: number }): Failure {
  const code = error.responseCode;
  if (typeof code === 'number' && code >= 500 && error.code !== 'EAUTH') return 'permanent';
  if (typeof code === 'number' && code >= 400 && code < 500) return 'temporary';
  if (error.code && OUTAGE_CODES.has(error.code)) return 'outage';
  return typeof code === 'number' ? 'temporary' : 'outage';
}

/** A short reason for the outbox, without the message's content or the server's credentials. */
export function describe(error: { code?: string; responseCode?: number; message?: string }): string {
  const text = (error.message ?? 'unknown error').replace(/\/\/[^@\s/]*@/g, '//').replace(/\s+/g, ' ');
  return `${error.code ?? 'error'}${error.responseCode ? ` ${error.responseCode}` : ''}: ${text}`.slice(
    0,
    300,
  );
}
