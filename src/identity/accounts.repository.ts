import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import type { Row } from '../database/rows.js';
import { join, raw, sql } from '../database/sql.js';
import type { Account } from './account.entity.js';
import { type Role, rolesTransformer } from './roles.js';

/**
 * For a query with the account as `a`: it may sign in and act. People who have left (their staff record
 * is `inactive`) may not; their roles stay on the account, for history and for when they return.
 */
export const ACCOUNT_ACTIVE = raw(
  `NOT EXISTS (SELECT 1 FROM staff st WHERE st.account_id = a.id AND st.status = 'inactive')`,
);

const ACCOUNT_COLUMNS = raw('a.id, a.email, a.password_hash, a.roles, a.created_at');

/** An account from a row with its columns. */
export function toAccount(row: Row): Account {
  return {
    id: row.id as number,
    email: row.email as string,
    passwordHash: row.passwordHash as string | null,
    roles: rolesTransformer.from(row.roles as string | null),
    createdAt: row.createdAt as Date,
  };
}

@Injectable()
export class AccountsRepository {
  constructor(private readonly database: Database) {}

  async byId(id: number): Promise<Account | null> {
    const row = await this.database.row(sql`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = ${id}`);
    return row ? toAccount(row) : null;
  }

  /** By e-mail (stored lower-cased). */
  async byEmail(email: string): Promise<Account | null> {
    const row = await this.database.row(
      sql`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.email = ${email}`,
    );
    return row ? toAccount(row) : null;
  }

  /** The account that may sign in with this e-mail (not one whose person has left). */
  async activeByEmail(email: string): Promise<Account | null> {
    const row = await this.database.row(
      sql`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.email = ${email} AND ${ACCOUNT_ACTIVE}`,
    );
    return row ? toAccount(row) : null;
  }

  /** Whether the account may sign in and act. */
  async isActive(id: number): Promise<boolean> {
    return (
      (await this.database.row(
        sql`SELECT 1 AS ok FROM accounts a WHERE a.id = ${id} AND ${ACCOUNT_ACTIVE}`,
      )) !== undefined
    );
  }

  /** Whether the account is a community learner's (joined with a cohort's code; not on the roster). */
  async isCommunityLearner(id: number): Promise<boolean> {
    return (
      (await this.database.row(sql`SELECT 1 AS ok FROM community_learners WHERE account_id = ${id}`)) !==
      undefined
    );
  }

  /**
   * Whether the account may sign in with a password: everyone, unless password sign-in is for admins
   * only (HEARTH_PASSWORD_SIGNIN=false); then admins, and community learners, whom the district's single
   * sign-on does not know.
   */
  async mayUsePassword(account: Account | null, passwordSignIn: boolean): Promise<boolean> {
    if (passwordSignIn) return true;
    if (!account) return false;
    return account.roles.includes('admin') || this.isCommunityLearner(account.id);
  }

  /**
   * Accounts with a role above learner and no staff record (the first admin made from
   * HEARTH_ADMIN_EMAIL, say), by e-mail: people the roster does not list.
   */
  async elevatedWithoutStaff(): Promise<Account[]> {
    const rows = await this.database.rows(
      sql`SELECT ${ACCOUNT_COLUMNS} FROM accounts a
           WHERE a.roles <> 'learner' AND NOT EXISTS (SELECT 1 FROM staff st WHERE st.account_id = a.id)
           ORDER BY a.email`,
    );
    return rows.map(toAccount);
  }

  /** Whether any account holds the admin role. */
  async anyAdmin(): Promise<boolean> {
    return (
      (await this.database.row(
        sql`SELECT 1 AS ok FROM accounts a WHERE a.roles LIKE ${'%admin%'} LIMIT 1`,
      )) !== undefined
    );
  }

  /** Whether an admin other than this account can still sign in. */
  async otherActiveAdmin(accountId: number): Promise<boolean> {
    const row = await this.database.row(
      sql`SELECT 1 AS ok FROM accounts a
           WHERE a.id <> ${accountId} AND a.roles LIKE ${'%admin%'} AND ${ACCOUNT_ACTIVE} LIMIT 1`,
    );
    return row !== undefined;
  }

  /** A new account; its id. */
  async create(account: Omit<Account, 'id'>): Promise<number> {
    const row = await this.database.row<{ id: number }>(
      sql`INSERT INTO accounts (email, password_hash, roles, created_at)
          VALUES (${account.email}, ${account.passwordHash}, ${rolesTransformer.to(account.roles)}, ${account.createdAt})
          RETURNING id`,
    );
    return (row as { id: number }).id;
  }

  async setRoles(id: number, roles: Role[]): Promise<void> {
    await this.database.run(sql`UPDATE accounts SET roles = ${rolesTransformer.to(roles)} WHERE id = ${id}`);
  }

  async setPasswordHash(id: number, passwordHash: string | null): Promise<void> {
    await this.database.run(sql`UPDATE accounts SET password_hash = ${passwordHash} WHERE id = ${id}`);
  }

  /** The accounts with these e-mails (lower-cased). */
  async byEmails(emails: string[]): Promise<Account[]> {
    if (emails.length === 0) return [];
    const rows = await this.database.rows(
      sql`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.email IN (${join(emails)}) ORDER BY a.id`,
    );
    return rows.map(toAccount);
  }
}
