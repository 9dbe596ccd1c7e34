import { ConflictException, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { inTransaction } from '../database/transactions.js';
import { Account, ACCOUNT_ACTIVE } from './account.entity.js';
import { normalizeRoles, type Role } from './roles.js';
import { hashPassword } from './secrets.js';
import { SessionsService } from './sessions.service.js';

@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
    private readonly audit: AuditService,
    @Optional() private readonly sessions?: SessionsService,
  ) {}

  findById(id: number): Promise<Account | null> {
    return this.accounts.findOneBy({ id });
  }

  findByEmail(email: string): Promise<Account | null> {
    return this.accounts.findOneBy({ email: email.trim().toLowerCase() });
  }

  /** On start: when no admin exists yet, create (or promote) the configured one. */
  async ensureBootstrapAdmin(email: string, password: string): Promise<boolean> {
    const admins = await this.accounts
      .createQueryBuilder('a')
      .where('a.roles LIKE :admin', { admin: '%admin%' })
      .getCount();
    if (admins > 0) return false;
    const existing = await this.findByEmail(email);
    const passwordHash = await hashPassword(password);
    const account =
      existing ?? this.accounts.create({ email: email.toLowerCase(), createdAt: new Date(), roles: [] });
    account.roles = normalizeRoles([...account.roles, 'admin']);
    account.passwordHash = passwordHash;
    await inTransaction(this.accounts.manager.dataSource, async (manager) => {
      await manager.getRepository(Account).save(account);
      await this.audit.record(null, { action: 'account.bootstrap-admin', target: account.email }, manager);
    });
    this.logger.log(`Created the bootstrap admin account ${account.email}`);
    return true;
  }

  /** Whether an admin other than this account can still sign in (a staff record that has left cannot). */
  private async otherAdminExists(accountId: number, manager: EntityManager): Promise<boolean> {
    const admins = await manager
      .getRepository(Account)
      .createQueryBuilder('a')
      .where('a.id <> :accountId', { accountId })
      .andWhere('a.roles LIKE :admin', { admin: '%admin%' })
      .andWhere(ACCOUNT_ACTIVE)
      .getCount();
    return admins > 0;
  }

  /** Replaces an account's roles (`learner` is always kept) and records it. */
  async setRoles(
    account: Account,
    roles: Role[],
    actor: Actor,
    target: string,
    manager?: EntityManager,
  ): Promise<Role[]> {
    // The change and its audit entry commit together.
    if (!manager)
      return inTransaction(this.accounts.manager.dataSource, (own) =>
        this.setRoles(account, roles, actor, target, own),
      );
    const before = account.roles;
    const after = normalizeRoles(roles);
    if (
      before.includes('admin') &&
      !after.includes('admin') &&
      !(await this.otherAdminExists(account.id, manager))
    )
      throw new ConflictException(
        `${target} is the only admin who can sign in: make someone else an admin first, or nobody could grant roles`,
      );
    await manager.getRepository(Account).update({ id: account.id }, { roles: after });
    // Requests on this instance see the new roles at once (others within PRINCIPAL_CACHE_MS).
    this.sessions?.forgetAccount(account.id);
    await this.audit.record(actor, { action: 'account.roles', target, details: { before, after } }, manager);
    return after;
  }
}
