import { readdirSync, readlinkSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { AuditEntry } from '../../src/audit/audit-entry.entity.js';
import { AuditService } from '../../src/audit/audit.service.js';
import {
  insertRows,
  rawArrays,
  rawQuery,
  rawQueryBeforeWrite,
  sqliteRowPages,
} from '../../src/database/raw-sql.js';
import { loadConfig } from '../../src/config/app-config.js';
import { inTransaction } from '../../src/database/transactions.js';
import { Account } from '../../src/identity/account.entity.js';
import { AccountsService } from '../../src/identity/accounts.service.js';
import { Session } from '../../src/identity/session.entity.js';
import { SessionsService } from '../../src/identity/sessions.service.js';
import { SignInThrottle } from '../../src/identity/sign-in-throttle.js';
import { hashToken, newToken } from '../../src/identity/secrets.js';
import { Site } from '../../src/staff/site.entity.js';
import { openTestDatabase, type TestDatabase } from '../support/test-database.js';

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
    sessions = new SessionsService(
      dataSource.getRepository(Account),
      dataSource.getRepository(Session),
      new SignInThrottle(),
    );
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

/**
 * Reads that belong to no transaction see only what is committed, however long another request's
 * transaction stays open. On SQLite they run on a read-only connection of their own (raw-sql.ts); on
 * PostgreSQL on a pool connection of their own.
 */
describe('reads beside another request’s open transaction (a real database)', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ dataSource, close } = await openTestDatabase());
  });
  afterEach(() => close());

  const siteCodes = async () =>
    (await rawQuery<{ code: string }>(dataSource, 'SELECT code FROM sites ORDER BY code')).map((s) => s.code);

  it('do not see its writes until it commits, nor after it rolls back', async () => {
    const sessions = new SessionsService(
      dataSource.getRepository(Account),
      dataSource.getRepository(Session),
      new SignInThrottle(),
    );
    const { id: accountId } = await dataSource.getRepository(Account).save({
      email: 'ana@district.example',
      passwordHash: null,
      roles: ['learner'],
      createdAt: new Date(),
    });
    const token = newToken();
    const seen: unknown[] = [];
    await inTransaction(dataSource, async (manager) => {
      await manager.getRepository(Site).insert({ code: 'N', name: 'North' });
      await manager.getRepository(Session).insert({
        accountId,
        tokenHash: hashToken(token),
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + 60_000),
      });
      // Another request reads meanwhile: the sign-in check, a list and a report's rows.
      seen.push(await sessions.resolve(token), await siteCodes());
      seen.push(await rawArrays(dataSource, 'SELECT code, name FROM sites'));
      // The transaction itself reads what it wrote.
      seen.push(await rawQuery(manager, 'SELECT code FROM sites'));
    });
    expect(seen).toEqual([undefined, [], [], [{ code: 'N' }]]);
    expect(await siteCodes()).toEqual(['N']);
    expect(await sessions.resolve(token)).toMatchObject({ accountId });

    let during: string[] = [];
    await expect(
      inTransaction(dataSource, async (manager) => {
        await manager.getRepository(Site).insert({ code: 'S', name: 'South' });
        during = await siteCodes();
        throw new Error('this import failed');
      }),
    ).rejects.toThrow('this import failed');
    expect([during, await siteCodes()]).toEqual([['N'], ['N']]);
  });

  it('a read before a write waits for the open transaction, and sees only what it committed', async () => {
    const codes = () =>
      rawQueryBeforeWrite<{ code: string }>(dataSource, 'SELECT code FROM sites ORDER BY code');
    let read: Promise<{ code: string }[]> | undefined;
    await expect(
      inTransaction(dataSource, async (manager) => {
        await manager.getRepository(Site).insert({ code: 'S', name: 'South' });
        read = codes();
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('this import failed');
      }),
    ).rejects.toThrow('this import failed');
    expect(await read).toEqual([]);
    await inTransaction(dataSource, async (manager) => {
      await manager.getRepository(Site).insert({ code: 'N', name: 'North' });
      read = codes();
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    // SQLite's read waited for the commit; PostgreSQL's read its own connection's last commit.
    expect(await read).toEqual(dataSource.options.type === 'better-sqlite3' ? [{ code: 'N' }] : []);
  });

  it('leave writes outside a transaction on the shared connection, with what they return', async () => {
    const [inserted] = await insertRows<{ id: number }>(
      dataSource,
      'sites',
      ['code', 'name'],
      [['E', 'East']],
      'RETURNING id',
    );
    expect(Number(inserted.id)).toBeGreaterThan(0);
    await rawQuery(dataSource, 'UPDATE sites SET name = ? WHERE code = ?', ['East Side', 'E']);
    expect(await rawQuery(dataSource, 'SELECT name FROM sites')).toEqual([{ name: 'East Side' }]);
  });
});

/**
 * SQLite's long reads (the CSV export): one statement on a connection of its own, a single snapshot.
 * PostgreSQL pages by other means (`sqliteRowPages` gives null there), so its lane skips these.
 */
const onSqlite = loadConfig().database.kind === 'sqlite' ? describe : describe.skip;
onSqlite('row pages read on a connection of their own (a real database)', () => {
  let dataSource: DataSource;
  let db: TestDatabase;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ dataSource, db, close } = await openTestDatabase());
    await insertRows(
      dataSource,
      'sites',
      ['code', 'name'],
      ['A', 'B', 'C', 'D'].map((code) => [code, `Site ${code}`]),
    );
  });
  afterEach(() => close());

  /** How many file descriptors this process holds on the database file. */
  const openOnFile = () =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === (db.target as { path: string }).path;
      } catch {
        return false; // closed while listed
      }
    }).length;

  it('see the data as it was when the walk began', () => {
    const pages = sqliteRowPages(
      dataSource,
      () => ['SELECT code, name FROM sites ORDER BY code', []],
      2,
    ) as Generator<unknown[][]>;
    const first = pages.next();
    // A change committed after the walk began is not in it.
    runOnMain(dataSource, "UPDATE sites SET name = 'Renamed' WHERE code = 'D'");
    expect([first.value, ...pages]).toEqual([
      [
        ['A', 'Site A'],
        ['B', 'Site B'],
      ],
      [
        ['C', 'Site C'],
        ['D', 'Site D'],
      ],
    ]);
  });

  it('close their connection when the walk ends or is abandoned', () => {
    // SQLite may keep a closed connection's file open for the next one in this process, so a leak shows
    // as files piling up over many walks, not as one more.
    const before = openOnFile();
    const read: number[] = [];
    for (let i = 0; i < 20; i++) {
      const pages = sqliteRowPages(dataSource, () => ['SELECT code FROM sites', []], 1) as Generator<
        unknown[][]
      >;
      pages.next();
      if (i % 2) pages.return(undefined);
      else read.push([...pages].length);
    }
    expect(read).toEqual(Array(10).fill(3));
    expect(openOnFile()).toBeLessThanOrEqual(before + 1);
  });
});

/** A statement on the shared connection, synchronously (as another request's commit). */
function runOnMain(dataSource: DataSource, sql: string): void {
  (
    dataSource.driver as unknown as { databaseConnection: { exec: (sql: string) => void } }
  ).databaseConnection.exec(sql);
}
