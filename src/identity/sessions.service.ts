import { Injectable } from '@nestjs/common';
import type { Account } from './account.entity.js';
import { AccountsRepository } from './accounts.repository.js';
import type { Principal } from './principal.js';
import { hashToken, newToken, verifyPassword } from './secrets.js';
import { SessionsRepository } from './sessions.repository.js';
import { SignInThrottle } from './sign-in-throttle.js';

export const SESSION_HOURS = 12;

/**
 * How long a resolved token is remembered in this process (ms). Sign-out and role changes made here
 * forget it at once; with several server instances, a session closed on another one (or a role changed
 * there) still works here for at most this long.
 */
export const PRINCIPAL_CACHE_MS = 5_000;
const PRINCIPAL_CACHE_ENTRIES = 20_000;

interface Remembered {
  principal: Principal;
  expiresAt: number;
  until: number;
}

@Injectable()
export class SessionsService {
  /** Principals by token hash: every API request resolves its token, most within seconds of the last. */
  private readonly remembered = new Map<string, Remembered>();

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly sessions: SessionsRepository,
    private readonly throttle: SignInThrottle,
  ) {}

  /**
   * Checks the password and opens a session; null when the email or password is wrong, or the person
   * has left (roster status inactive). Failures count against the account and the client's address
   * (`SignInThrottle`: 429 past the limit, before any password is checked).
   */
  async login(
    email: string,
    password: string,
    address: string,
  ): Promise<{ token: string; account: Account } | null> {
    const keys = [{ account: email }, { address }];
    this.throttle.check(keys);
    const account = await this.accounts.activeByEmail(email.trim().toLowerCase());
    const ok = await verifyPassword(account?.passwordHash ?? null, password);
    if (!account || !ok) {
      this.throttle.fail(keys);
      return null;
    }
    return { token: await this.open(account.id), account };
  }

  async open(accountId: number): Promise<string> {
    const token = newToken();
    const now = new Date();
    await this.sessions.open(
      accountId,
      hashToken(token),
      now,
      new Date(now.getTime() + SESSION_HOURS * 3_600_000),
    );
    return token;
  }

  /** The principal for a bearer token or session cookie, or undefined when unknown or expired. */
  async resolve(token: string): Promise<Principal | undefined> {
    const tokenHash = hashToken(token);
    const now = Date.now();
    const known = this.remembered.get(tokenHash);
    if (known && known.until > now) {
      return known.expiresAt > now ? { ...known.principal } : undefined;
    }
    this.remembered.delete(tokenHash);
    const session = await this.sessions.holderOf(tokenHash);
    if (!session) return undefined;
    const principal: Principal = {
      accountId: session.accountId,
      email: session.email,
      roles: session.roles,
      sessionId: session.sessionId,
    };
    if (this.remembered.size >= PRINCIPAL_CACHE_ENTRIES) this.remembered.clear();
    this.remembered.set(tokenHash, {
      principal,
      expiresAt: session.expiresAt.getTime(),
      until: now + PRINCIPAL_CACHE_MS,
    });
    if (session.expiresAt.getTime() <= now) return undefined;
    return { ...principal };
  }

  async close(sessionId: number): Promise<void> {
    this.forget((principal) => principal.sessionId === sessionId);
    await this.sessions.close(sessionId);
  }

  /** Drops remembered sessions of these accounts (their roles or status changed). */
  forgetAccounts(accountIds: Iterable<number>): void {
    const ids = new Set(accountIds);
    if (ids.size > 0) this.forget((principal) => ids.has(principal.accountId));
  }

  /** Drops remembered sessions of this account (its roles changed). */
  forgetAccount(accountId: number): void {
    this.forget((principal) => principal.accountId === accountId);
  }

  private forget(matches: (principal: Principal) => boolean): void {
    for (const [key, entry] of this.remembered) if (matches(entry.principal)) this.remembered.delete(key);
  }

  /** Removes sessions past their expiry (run at start-up). */
  async purgeExpired(): Promise<void> {
    await this.sessions.closeExpired(new Date());
  }
}
