import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { hydrate, rawQuery } from '../database/raw-sql.js';
import { Account } from './account.entity.js';
import type { Principal } from './principal.js';
import { hashToken, newToken, verifyPassword } from './secrets.js';
import { Session } from './session.entity.js';

export const SESSION_HOURS = 12;

@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
  ) {}

  /** Checks the password and opens a session; null when the email or password is wrong. */
  async login(email: string, password: string): Promise<{ token: string; account: Account } | null> {
    const account = await this.accounts.findOneBy({ email: email.trim().toLowerCase() });
    const ok = await verifyPassword(account?.passwordHash ?? null, password);
    if (!account || !ok) return null;
    return { token: await this.open(account.id), account };
  }

  async open(accountId: number): Promise<string> {
    const token = newToken();
    const now = new Date();
    await this.sessions.insert({
      accountId,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
    });
    return token;
  }

  /** The principal for a bearer token or session cookie, or undefined when unknown or expired. */
  async resolve(token: string): Promise<Principal | undefined> {
    // Every request runs this: one hand-written join (see raw-sql.ts).
    const [row] = await rawQuery<Record<string, unknown>>(
      this.sessions.manager,
      `SELECT s.id, s.account_id, s.expires_at, a.email, a.roles
         FROM sessions s JOIN accounts a ON a.id = s.account_id
        WHERE s.token_hash = ?`,
      [hashToken(token)],
    );
    if (!row) return undefined;
    const session = hydrate(this.sessions.manager, Session, row);
    const account = hydrate(this.sessions.manager, Account, row);
    if (session.expiresAt.getTime() <= Date.now()) return undefined;
    return {
      accountId: session.accountId,
      email: account.email,
      roles: account.roles,
      sessionId: session.id,
    };
  }

  async close(sessionId: number): Promise<void> {
    await this.sessions.delete({ id: sessionId });
  }

  /** Removes sessions past their expiry (run at start-up). */
  async purgeExpired(): Promise<void> {
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
  }
}
