import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { hydrate, rawQuery } from '../database/raw-sql.js';
import { onItsOwn } from '../database/transactions.js';
import { Account, ACCOUNT_ACTIVE } from './account.entity.js';
import type { Principal } from './principal.js';
import { hashToken, newToken, verifyPassword } from './secrets.js';
import { Session } from './session.entity.js';
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
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
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
    const [row] = await rawQuery<Record<string, unknown>>(
      this.accounts.manager,
      `SELECT a.id, a.email, a.password_hash, a.roles, a.created_at FROM accounts a
        WHERE a.email = ? AND ${ACCOUNT_ACTIVE}`,
      [email.trim().toLowerCase()],
    );
    const account = row ? hydrate(this.accounts.manager, Account, row) : null;
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
    await onItsOwn(this.sessions.manager.dataSource, () =>
      this.sessions.insert({
        accountId,
        tokenHash: hashToken(token),
        createdAt: now,
        expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
      }),
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
    // Every request that is not remembered runs this: one hand-written join (see raw-sql.ts).
    const [row] = await rawQuery<Record<string, unknown>>(
      this.sessions.manager,
      `SELECT s.id, s.account_id, s.expires_at, a.email, a.roles
         FROM sessions s JOIN accounts a ON a.id = s.account_id
        WHERE s.token_hash = ? AND ${ACCOUNT_ACTIVE}`,
      [tokenHash],
    );
    if (!row) return undefined;
    const session = hydrate(this.sessions.manager, Session, row);
    const account = hydrate(this.sessions.manager, Account, row);
    const principal: Principal = {
      accountId: session.accountId,
      email: account.email,
      roles: account.roles,
      sessionId: session.id,
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
    await onItsOwn(this.sessions.manager.dataSource, () => this.sessions.delete({ id: sessionId }));
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
    await onItsOwn(this.sessions.manager.dataSource, () =>
      this.sessions.delete({ expiresAt: LessThan(new Date()) }),
    );
  }
}
