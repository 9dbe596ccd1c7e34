/** The pure rules every outbox shares: how often a thing is tried, and how long a sender waits. */

export const MAX_ATTEMPTS = 8;

/** An item's wait after its nth temporary failure: 30 s doubling, capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** The sender's pause after its nth outage in a row: 1 s doubling, capped at 15 s. */
export function outageDelayMs(outages: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, outages - 1), 15_000);
}

/**
 * What became of one delivery: sent; settled (the sender recorded its fate itself, such as a message
 * expired unsent); an outage (the peer did not answer, or refused the sender itself: the item goes
 * back untouched); or a failure,
 * permanent (refused for good) or temporary (tried again later).
 */
export type Delivery =
  | { outcome: 'sent' }
  | { outcome: 'settled' }
  | { outcome: 'outage'; reason?: string }
  | { outcome: 'permanent' | 'temporary'; reason: string };
