import { readdirSync, readlinkSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { loadConfig } from '../../src/config/app-config.js';
import type { Database } from '../../src/database/database.js';
import { sql } from '../../src/database/sql.js';
import { AccountsRepository } from '../../src/identity/accounts.repository.js';
import { AccountsService } from '../../src/identity/accounts.service.js';
import { SessionsRepository } from '../../src/identity/sessions.repository.js';
import { SessionsService } from '../../src/identity/sessions.service.js';
import { SignInFailuresRepository } from '../../src/identity/sign-in-failures.repository.js';
import { SignInThrottle } from '../../src/identity/sign-in-throttle.js';
import { hashToken, newToken } from '../../src/identity/secrets.js';
import { openTestDatabase, type TestDatabase } from '../support/test-database.js';

const onSqlite = loadConfig().database.kind === 'sqlite';

/** Resolves when `signal` is called: for a transaction to say it is open, or to be let go. */
function latch(): { wait: Promise<void>; signal: () => void } {
  let signal!: () => void;
  const wait = new Promise<void>((resolve) => (signal = resolve));
  return { wait, signal };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function identity(database: Database) {
  const accounts = new AccountsRepository(database);
  const sessionRows = new SessionsRepository(database);
  const throttle = new SignInThrottle(new SignInFailuresRepository(database));
  const sessions = new SessionsService(accounts, sessionRows, throttle, loadConfig({}));
  return { accounts, sessionRows, sessions };
}

/**
 * Writes that belong to no transaction, while another request's transaction is open and then rolls
 * back. Such a write must not land inside that transaction and be rolled back with it.
 */
describe('writes of their own beside another request’s transaction (a real database)', () => {
  let database: Database;
  let close: () => Promise<void>;
  let sessions: SessionsService;
  let sessionRows: SessionsRepository;
  let accounts: AccountsRepository;
  let accountId: number;

  /** Runs `meanwhile` (as another request) while a transaction is open, then rolls that transaction back. */
  async function besideRolledBackTransaction<T>(meanwhile: () => Promise<T>): Promise<T> {
    const opened = latch();
    const failing = database.transaction(async () => {
      await database.rows(sql`SELECT 1 AS one`);
      opened.signal();
      await pause(20);
      throw new Error('this import failed');
    });
    await opened.wait;
    const started = meanwhile();
    await expect(failing).rejects.toThrow('this import failed');
    return started;
  }

  beforeEach(async () => {
    ({ database, close } = await openTestDatabase());
    ({ sessions, sessionRows, accounts } = identity(database));
    accountId = await accounts.create({
      email: 'ana@district.example',
      passwordHash: null,
      roles: ['learner'],
      createdAt: new Date(),
    });
  });
  afterEach(() => close());

  it('keeps a sign-in', async () => {
    const token = await besideRolledBackTransaction(() => sessions.open(accountId));
    expect(await sessions.resolve(token)).toMatchObject({ accountId });
    expect(await sessionRows.countFor(accountId)).toBe(1);
  });

  it('keeps a sign-out', async () => {
    const principal = await sessions.resolve(await sessions.open(accountId));
    await besideRolledBackTransaction(() => sessions.close(principal?.sessionId as number));
    expect(await sessionRows.countFor(accountId)).toBe(0);
  });

  it('keeps an audit entry written on its own, and a change of roles with its entry', async () => {
    const audit = new AuditService(new AuditRepository(database));
    const service = new AccountsService(database, accounts, audit);
    const admin = { accountId, email: 'ana@district.example' };
    await besideRolledBackTransaction(() => audit.record(admin, { action: 'courses.reload' }));
    const account = await accounts.byId(accountId);
    await besideRolledBackTransaction(() => service.setRoles(account!, ['trainer'], admin, 'employee E1'));
    const entries = await database.rows<{ action: string }>(
      sql`SELECT action FROM audit_entries ORDER BY id`,
    );
    expect(entries.map((entry) => entry.action)).toEqual(['courses.reload', 'account.roles']);
    expect((await accounts.byId(accountId))?.roles).toEqual(['learner', 'trainer']);
  });
});

/**
 * Reads that belong to no transaction see only what is committed, however long another request's
 * transaction stays open (SQLite: a read-only connection of their own; PostgreSQL: a pool connection).
 */
describe('reads beside another request’s open transaction (a real database)', () => {
  let database: Database;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ database, close } = await openTestDatabase());
  });
  afterEach(() => close());

  const siteCodes = async () =>
    (await database.rows<{ code: string }>(sql`SELECT code FROM sites ORDER BY code`)).map((s) => s.code);

  it('do not see its writes until it commits, nor after it rolls back', async () => {
    const { accounts, sessions } = identity(database);
    const accountId = await accounts.create({
      email: 'ana@district.example',
      passwordHash: null,
      roles: ['learner'],
      createdAt: new Date(),
    });
    const token = newToken();
    const seen: unknown[] = [];
    const opened = latch();
    const release = latch();
    const writing = database.transaction(async () => {
      await database.run(sql`INSERT INTO sites (code, name) VALUES ('N', 'North')`);
      await database.run(
        sql`INSERT INTO sessions (account_id, token_hash, created_at, expires_at)
            VALUES (${accountId}, ${hashToken(token)}, ${new Date()}, ${new Date(Date.now() + 60_000)})`,
      );
      opened.signal();
      await release.wait;
      // The transaction itself reads what it wrote.
      return database.rows(sql`SELECT code FROM sites`);
    });
    await opened.wait;
    // Another request reads meanwhile: the sign-in check, a list and a report's rows.
    seen.push(await sessions.resolve(token), await siteCodes());
    seen.push(await database.arrays(sql`SELECT code, name FROM sites`));
    release.signal();
    seen.push(await writing);
    expect(seen).toEqual([undefined, [], [], [{ code: 'N' }]]);
    expect(await siteCodes()).toEqual(['N']);
    expect(await sessions.resolve(token)).toMatchObject({ accountId });

    const written = latch();
    const failing = database.transaction(async () => {
      await database.run(sql`INSERT INTO sites (code, name) VALUES ('S', 'South')`);
      written.signal();
      await pause(20);
      throw new Error('this import failed');
    });
    await written.wait;
    const during = await siteCodes();
    await expect(failing).rejects.toThrow('this import failed');
    expect([during, await siteCodes()]).toEqual([['N'], ['N']]);
  });

  it('a transaction begun meanwhile waits for the open one on SQLite, and sees only what it committed', async () => {
    const codesInTransaction = () =>
      database.transaction(() => database.rows<{ code: string }>(sql`SELECT code FROM sites ORDER BY code`));
    /** Begins a second transaction while `work` holds the first one open, then ends the first. */
    async function whileOpen(work: () => Promise<void>): Promise<{ read: Promise<{ code: string }[]> }> {
      const opened = latch();
      const first = database.transaction(async () => {
        await database.run(sql`INSERT INTO sites (code, name) VALUES ('N', 'North')`);
        opened.signal();
        await pause(20);
        await work();
      });
      await opened.wait;
      const read = codesInTransaction();
      await first.catch(() => undefined);
      return { read };
    }
    const afterRollback = await whileOpen(() => Promise.reject(new Error('this import failed')));
    expect(await afterRollback.read).toEqual([]);
    const afterCommit = await whileOpen(() => Promise.resolve());
    // SQLite's waited for the commit; PostgreSQL's read its own connection's last commit.
    expect(await afterCommit.read).toEqual(onSqlite ? [{ code: 'N' }] : []);
  });

  it('take work a transaction left running, after it ended, as outside any transaction', async () => {
    let leftover: Promise<number> | undefined;
    await database.transaction(async () => {
      await database.run(sql`INSERT INTO sites (code, name) VALUES ('N', 'North')`);
      leftover = pause(30).then(() => database.run(sql`INSERT INTO sites (code, name) VALUES ('L', 'Late')`));
    });
    // Another request's transaction is open, and fails, while the leftover write runs.
    const failing = database.transaction(async () => {
      await database.run(sql`INSERT INTO sites (code, name) VALUES ('S', 'South')`);
      await pause(60);
      throw new Error('this import failed');
    });
    await expect(failing).rejects.toThrow('this import failed');
    await leftover;
    expect(await siteCodes()).toEqual(['L', 'N']);
  });

  it('leave writes outside a transaction to commit on their own, with what they return', async () => {
    const [inserted] = await database.insertRows<{ id: number }>(
      'sites',
      ['code', 'name'],
      [['E', 'East']],
      sql`RETURNING id`,
    );
    expect(inserted.id).toBeGreaterThan(0);
    expect(await database.run(sql`UPDATE sites SET name = ${'East Side'} WHERE code = ${'E'}`)).toBe(1);
    expect(await database.rows(sql`SELECT name FROM sites`)).toEqual([{ name: 'East Side' }]);
  });
});

/** The same values from both databases: what the rest of the code relies on. */
describe('values through the door (a real database)', () => {
  let database: Database;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ database, close } = await openTestDatabase());
  });
  afterEach(() => close());

  it('gives moments as Dates, days as text, booleans and counts as such, columns in camelCase', async () => {
    const at = new Date('2026-11-10T15:00:00.123Z');
    const { accounts } = identity(database);
    const accountId = await accounts.create({
      email: 'a@district.example',
      passwordHash: null,
      roles: [],
      createdAt: at,
    });
    await database.run(sql`INSERT INTO sites (code, name) VALUES ('N', 'North')`);
    await database.run(
      sql`INSERT INTO staff (employee_id, account_id, first_name, last_name, search_text, site_id, job_role,
                             hire_date, status, created_at, updated_at)
          SELECT 'E1', ${accountId}, 'Ana', 'Diaz', 'diaz ana e1', id, 'teacher', ${'2020-08-15'}, 'active', ${at}, ${at}
            FROM sites`,
    );
    const [staffRow] = await database.rows(sql`SELECT id, hire_date, changed_on FROM staff`);
    expect(staffRow).toEqual({ id: expect.any(Number), hireDate: '2020-08-15', changedOn: null });
    expect(await database.row(sql`SELECT created_at FROM accounts`)).toEqual({ createdAt: at });
    expect(await database.row(sql`SELECT COUNT(*) AS n FROM accounts WHERE created_at = ${at}`)).toEqual({
      n: 1,
    });
    await database.run(
      sql`INSERT INTO assignments (staff_id, course_id, edition, due_date, created_at)
          VALUES (${staffRow.id}, 'example', '2026-27', '2026-10-31', ${at})`,
    );
    await database.run(
      sql`INSERT INTO quiz_attempts (assignment_id, number, score, passed, content_hash, submitted_at)
          SELECT id, 1, 100, ${true}, 'h', ${at} FROM assignments`,
    );
    expect(await database.arrays(sql`SELECT passed, score, submitted_at FROM quiz_attempts`)).toEqual([
      [true, 100, at],
    ]);
  });
});

describe('long reads in pages, from one snapshot (a real database)', () => {
  let database: Database;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ database, close } = await openTestDatabase());
    await database.insertRows(
      'sites',
      ['code', 'name'],
      ['A', 'B', 'C', 'D'].map((code) => [code, `Site ${code}`]),
    );
  });
  afterEach(() => close());

  it('see the data as it was when the walk began', async () => {
    const pages = database.pages(sql`SELECT code, name FROM sites ORDER BY code`, 2);
    const first = await pages.next();
    // A change committed after the walk began is not in it.
    await database.run(sql`UPDATE sites SET name = 'Renamed' WHERE code = 'D'`);
    const rest: unknown[][][] = [];
    for await (const page of pages) rest.push(page);
    expect([first.value, ...rest]).toEqual([
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
});

/** `Database.csv`: PostgreSQL's COPY and SQLite's pages, the same records and the same care. */
describe('long reads as CSV (a real database)', () => {
  let database: Database;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ database, close } = await openTestDatabase());
  });
  afterEach(() => close());

  const text = async (records: AsyncIterable<string | Buffer>) => {
    const pieces: Buffer[] = [];
    for await (const piece of records) pieces.push(Buffer.from(piece));
    return Buffer.concat(pieces).toString('utf8');
  };

  it('writes NULL and an empty text as nothing, and a moment with its offset', async () => {
    const records = database.csv(
      sql`SELECT ${'=a'} AS a, ${null} AS b, ${''} AS c, ${'x\ny'} AS d, ${new Date('2026-10-31T17:30:00Z')} AS e`,
      [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }, { name: 'e', moment: true }],
    );
    // A bound moment is text to both databases until `moment` says how to write it.
    expect(await text(records)).toBe(`'=a,,,"x\ny",2026-10-31T17:30:00+00:00\r\n`);
  });

  it('gives its connection back when abandoned half-way, more times over than the pool holds', async () => {
    // About 30 MB: far more than a socket's buffers, so PostgreSQL is still writing when the reader stops.
    const long = sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
      SELECT i, ${'x'.repeat(300)} AS pad FROM n`;
    for (let i = 0; i < 15; i++) {
      const records = database.csv(long, [{ name: 'i' }, { name: 'pad' }]);
      await records.next();
      await records.return(undefined);
    }
    expect(await database.row(sql`SELECT 1 AS one`)).toEqual({ one: 1 });
    const small = sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT i FROM n`;
    expect(await text(database.csv(small, [{ name: 'i' }]))).toBe('1\r\n2\r\n3\r\n');
  }, 60_000);
});

/** SQLite's walks use a read-only connection of their own, closed when the walk ends. */
(onSqlite ? describe : describe.skip)('long reads in pages on SQLite (a real database)', () => {
  let database: Database;
  let db: TestDatabase;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ database, db, close } = await openTestDatabase());
    await database.insertRows(
      'sites',
      ['code', 'name'],
      ['A', 'B', 'C', 'D'].map((code) => [code, `Site ${code}`]),
    );
  });
  afterEach(() => close());

  it('close their connection when the walk ends or is abandoned', async () => {
    /** How many file descriptors this process holds on the database file. */
    const openOnFile = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === (db.target as { path: string }).path;
        } catch {
          return false; // closed while listed
        }
      }).length;
    // SQLite may keep a closed connection's file open for the next one in this process, so a leak shows
    // as files piling up over many walks, not as one more.
    const before = openOnFile();
    const read: number[] = [];
    for (let i = 0; i < 20; i++) {
      const pages = database.pages(sql`SELECT code FROM sites`, 1);
      await pages.next();
      if (i % 2) await pages.return(undefined);
      else {
        let count = 0;
        for await (const _ of pages) count++;
        read.push(count);
      }
    }
    expect(read).toEqual(Array(10).fill(3));
    expect(openOnFile()).toBeLessThanOrEqual(before + 1);
  });
});

// SQLite's transactions take turns, so they cannot all be open at once.
(onSqlite ? describe.skip : describe)('bulk inserts in transactions that fill the pool (PostgreSQL)', () => {
  let database: Database;
  let close: () => Promise<void>;

  beforeEach(async () => ({ database, close } = await openTestDatabase()));
  afterEach(() => close());

  it('need no connection beyond their own (the table is new to this process)', async () => {
    const poolSize = 10;
    const allOpen = latch();
    let open = 0;
    const inserts = Array.from({ length: poolSize }, (_, i) =>
      database.transaction(async () => {
        await database.row(sql`SELECT 1 AS one`);
        if (++open === poolSize) allOpen.signal();
        await allOpen.wait;
        await database.insertRows('sites', ['code', 'name'], [[`S${i}`, `Site ${i}`]]);
      }),
    );
    await Promise.all(inserts);
    expect(await database.row(sql`SELECT COUNT(*) AS n FROM sites`)).toEqual({ n: poolSize });
  });
});
