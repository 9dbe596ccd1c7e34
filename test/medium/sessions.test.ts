import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../../src/database/transactions.js';
import { Account } from '../../src/identity/account.entity.js';
import { Session } from '../../src/identity/session.entity.js';
import { SessionsService } from '../../src/identity/sessions.service.js';
import { openTestDatabase } from '../support/test-database.js';

describe('sessions (a real database built by the migrations)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let sessions: SessionsService;
  let accountId: number;

  beforeEach(async () => {
    ({ dataSource, close } = await openTestDatabase());
    sessions = new SessionsService(dataSource.getRepository(Account), dataSource.getRepository(Session));
    ({ id: accountId } = await dataSource
      .getRepository(Account)
      .save({
        email: 'ana@district.example',
        passwordHash: null,
        roles: ['learner'],
        createdAt: new Date(),
      }));
  });
  afterEach(() => close());

  // On SQLite every request shares one connection: a sign-in must not land inside (and be rolled back
  // with) a transaction another request has open at that moment.
  it('keeps a sign-in made while another request’s transaction is open and then rolls back', async () => {
    let signedIn: Promise<string> | undefined;
    await expect(
      inTransaction(dataSource, async (manager) => {
        await manager.query('SELECT 1');
        signedIn = sessions.open(accountId);
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('this import failed');
      }),
    ).rejects.toThrow('this import failed');
    const token = await (signedIn as Promise<string>);
    expect(await sessions.resolve(token)).toMatchObject({ accountId });
    expect(await dataSource.getRepository(Session).countBy({ accountId })).toBe(1);
  });

  it('keeps a sign-out made while another request’s transaction is open and then rolls back', async () => {
    const token = await sessions.open(accountId);
    const principal = await sessions.resolve(token);
    let signedOut: Promise<void> | undefined;
    await expect(
      inTransaction(dataSource, async (manager) => {
        await manager.query('SELECT 1');
        signedOut = sessions.close(principal?.sessionId as number);
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('this import failed');
      }),
    ).rejects.toThrow('this import failed');
    await signedOut;
    expect(await dataSource.getRepository(Session).countBy({ accountId })).toBe(0);
  });
});
