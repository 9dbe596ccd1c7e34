import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { SignInFailuresRepository } from './sign-in-failures.repository.js';

/** Failed attempts allowed per minute for one account (its e-mail), from any address. */
export const FAILURES_PER_ACCOUNT = 10;
/**
 * Failed attempts allowed per minute from one client address, for any account or link. Higher: a whole
 * school can sit behind one public address, and one person's typos must not lock the others out.
 */
export const FAILURES_PER_ADDRESS = 50;
/** Failed attempts allowed per minute with one cohort's invite code (joining), from any address. */
export const FAILURES_PER_CODE = 20;
const WINDOW_MS = 60_000;

export type ThrottleKey = { account: string } | { address: string } | { code: string };

/**
 * One budget for every way of proving who you are (the sign-in page and API, accepting an invitation,
 * asking for a password reset, joining a cohort with its code): failures are counted per account and per client address, successes cost
 * nothing. A blocked attempt is refused before any password is hashed or checked. The counts are in the
 * database, so several instances share one budget.
 */
@Injectable()
export class SignInThrottle {
  constructor(private readonly failures: SignInFailuresRepository) {}

  /** Throws 429 when any of the keys has used up its failures for this minute. */
  async check(keys: ThrottleKey[], now = new Date()): Promise<void> {
    const limits = new Map(keys.map((key) => [name(key), limitOf(key)]));
    for (const counter of await this.failures.open([...limits.keys()], now)) {
      if (counter.failures < (limits.get(counter.name) ?? Infinity)) continue;
      throw new HttpException(
        {
          statusCode: HttpStatus.TOO_MANY_REQUESTS,
          message: 'Too many failed attempts: wait a minute, then try again',
          retryAfterSeconds: Math.ceil((counter.resetAt.getTime() - now.getTime()) / 1000),
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  /** Counts one failed attempt against each key. */
  async fail(keys: ThrottleKey[], now = new Date()): Promise<void> {
    await this.failures.count(keys.map(name), now, new Date(now.getTime() + WINDOW_MS));
  }
}

const name = (key: ThrottleKey) =>
  'account' in key
    ? `account:${key.account.trim().toLowerCase()}`
    : 'code' in key
      ? `code:${key.code}`
      : `address:${key.address}`;
const limitOf = (key: ThrottleKey) =>
  'account' in key ? FAILURES_PER_ACCOUNT : 'code' in key ? FAILURES_PER_CODE : FAILURES_PER_ADDRESS;
