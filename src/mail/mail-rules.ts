/** What an SMTP error means (the backoff is every outbox's: outbox/delivery-rules.ts). */

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
