import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { inTransaction } from '../../src/database/transactions.js';
import { Account } from '../../src/identity/account.entity.js';
import { AccountsService } from '../../src/identity/accounts.service.js';
import { Session } from '../../src/identity/session.entity.js';
import { SessionsService } from '../../src/identity/sessions.service.js';
import { openTestDatabase } from '../support/test-database.js';

/**
 * Writes that belong to no transaction, while another request's transaction is open and then rolls
 * back. On SQLite every request shares one connection: such a write must not land inside that
 * transaction and be rolled back with it. (On PostgreSQL each transaction has its own connection.)
 */
describe('writes of their own beside another request’s transaction (a real database)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let sessions: SessionsService;
  let accountId: number;

  /** Runs `meanwhile` while a transaction is open, then rolls that transaction back. */
  async function besideRolledBackTransaction<T>(meanwhile: () => Promise<T>): Promise<T> {
    let started: Promise<T> | undefined;
    await expect(
      inTransaction(dataSource, async (manager) => {
        await manager.query('SELECT 1');
        started = meanwhile();
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('this import failed');
      }),
    ).rejects.toThrow('this import failed');
    return started as Promise<T>;
  }

  beforeEach(async () => {
    ({ dataSource, close } = await openTestDatabase());
    sessions = new SessionsService(dataSource.getRepository(Account), dataSource.getRepository(Session));
    ({ id: accountId } = await dataSource.getRepository(Account).save({
      email: 'ana@district.example',
      passwordHash: null,
      roles: ['learner'],
      createdAt: new Date(),
    }));
  });
  afterEach(() => close());

  it('keeps a sign-in', async () => {
    const token = await besideRolledBackTransaction(() => sessions.open(accountId));
    expect(await sessions.resolve(token)).toMatchObject({ accountId });
    expect(await dataSource.getRepository(Session).countBy({ accountId })).toBe(1);
  });

  it('keeps a sign-out', async () => {
    const principal = await sessions.resolve(await sessions.open(accountId));
    await besideRolledBackTransaction(() => sessions.close(principal?.sessionId as number));
    expect(await dataSource.getRepository(Session).countBy({ accountId })).toBe(0);
  });

  it('keeps an audit entry written on its own, and a change of roles with its entry', async () => {
    const audit = new AuditService(dataSource.getRepository(AuditEntry));
    const accounts = new AccountsService(dataSource.getRepository(Account), audit, sessions);
    const admin = { accountId, email: 'ana@district.example' };
    await besideRolledBackTransaction(() => audit.record(admin, { action: 'courses.reload' }));
    const account = await dataSource.getRepository(Account).findOneByOrFail({ id: accountId });
    await besideRolledBackTransaction(() => accounts.setRoles(account, ['trainer'], admin, 'employee E1'));
    const entries = await dataSource.getRepository(AuditEntry).find({ order: { id: 'ASC' } });
    expect(entries.map((entry) => entry.action)).toEqual(['courses.reload', 'account.roles']);
    expect((await dataSource.getRepository(Account).findOneByOrFail({ id: accountId })).roles).toEqual([
      'learner',
      'trainer',
    ]);
  });
});
