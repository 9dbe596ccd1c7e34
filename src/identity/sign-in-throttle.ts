import { HttpException, HttpStatus, Injectable } from '@nestjs/common';

/** Failed attempts allowed per minute for one account (its e-mail), from any address. */
export const FAILURES_PER_ACCOUNT = 10;
/**
 * Failed attempts allowed per minute from one client address, for any account or link. Higher: a whole
 * school can sit behind one public address, and one person's typos must not lock the others out.
 */
export const FAILURES_PER_ADDRESS = 50;
const WINDOW_MS = 60_000;
/** Past this many counters, expired ones are swept before another is added. */
const SWEEP_AT = 10_000;

export type ThrottleKey = { account: string } | { address: string };

interface Counter {
  failures: number;
  resetAt: number;
}

/**
 * One budget for every way of proving who you are (the sign-in page and API, accepting an invitation):
 * failures are counted per account and per client address, successes cost nothing. A blocked attempt is
 * refused before any password is hashed or checked. Counts are this process's own.
 */
@Injectable()
export class SignInThrottle {
  private readonly counters = new Map<string, Counter>();

  /** Throws 429 when any of the keys has used up its failures for this minute. */
  check(keys: ThrottleKey[], now = Date.now()): void {
    for (const key of keys) {
      const counter = this.counters.get(name(key));
      if (counter && counter.resetAt > now && counter.failures >= limitOf(key)) {
        throw new HttpException(
          {
            statusCode: HttpStatus.TOO_MANY_REQUESTS,
            message: 'Too many failed attempts: wait a minute, then try again',
            retryAfterSeconds: Math.ceil((counter.resetAt - now) / 1000),
          },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
    }
  }

  /** Counts one failed attempt against each key. */
  fail(keys: ThrottleKey[], now = Date.now()): void {
    if (this.counters.size >= SWEEP_AT) {
      for (const [key, counter] of this.counters) if (counter.resetAt <= now) this.counters.delete(key);
    }
    for (const key of keys) {
      const counter = this.counters.get(name(key));
      if (counter && counter.resetAt > now) counter.failures++;
      else this.counters.set(name(key), { failures: 1, resetAt: now + WINDOW_MS });
    }
  }
}

const name = (key: ThrottleKey) =>
  'account' in key ? `account:${key.account.trim().toLowerCase()}` : `address:${key.address}`;
const limitOf = (key: ThrottleKey) => ('account' in key ? FAILURES_PER_ACCOUNT : FAILURES_PER_ADDRESS);
