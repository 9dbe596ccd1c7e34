import { ForbiddenException, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { Account } from './account.entity.js';
import { AccountsRepository } from './accounts.repository.js';
import type { Principal } from './principal.js';
import { hashToken, newToken, verifyPassword } from './secrets.js';
import { SessionsRepository } from './sessions.repository.js';
import { SignInThrottle } from './sign-in-throttle.js';

export const SESSION_HOURS = 12;

@Injectable()
export class SessionsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly sessions: SessionsRepository,
    private readonly throttle: SignInThrottle,
    private readonly config: AppConfig,
  ) {}

  /**
   * Checks the password and opens a session; null when the email or password is wrong, or the person
   * has left (roster status inactive). Failures count against the account and the client's address
   * (`SignInThrottle`: 429 past the limit, before any password is checked). With password sign-in
   * turned off (HEARTH_PASSWORD_SIGNIN=false), anyone but an admin or a community learner is refused
   * (403) the same way whether or not the e-mail is known, after the same work.
   */
  async login(
    email: string,
    password: string,
    address: string,
  ): Promise<{ token: string; account: Account } | null> {
    const keys = [{ account: email }, { address }];
    await this.throttle.check(keys);
    const account = await this.accounts.activeByEmail(email.trim().toLowerCase());
    if (!(await this.accounts.mayUsePassword(account, this.config.passwordSignIn))) {
      await verifyPassword(null, password);
      throw new ForbiddenException(
        `Password sign-in is for administrators only: sign in with ${this.config.oidc?.label ?? 'single sign-on'}`,
      );
    }
    const ok = await verifyPassword(account?.passwordHash ?? null, password);
    if (!account || !ok) {
      await this.throttle.fail(keys);
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

  /**
   * The principal for a bearer token or session cookie, or undefined when unknown or expired. Read from
   * the database on every request, never remembered: a sign-out, role change or new password made on any
   * instance holds on every other one at once.
   */
  async resolve(token: string): Promise<Principal | undefined> {
    const session = await this.sessions.holderOf(hashToken(token));
    if (!session || session.expiresAt.getTime() <= Date.now()) return undefined;
    return {
      accountId: session.accountId,
      email: session.email,
      roles: session.roles,
      sessionId: session.sessionId,
      leadsSite: session.leadsSite,
      community: session.community,
    };
  }

  async close(sessionId: number): Promise<void> {
    await this.sessions.close(sessionId);
  }

  /** Removes sessions past their expiry (run at start-up). */
  async purgeExpired(): Promise<void> {
    await this.sessions.closeExpired(new Date());
  }
}
