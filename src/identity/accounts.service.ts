import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { Database } from '../database/database.js';
import type { Account } from './account.entity.js';
import { AccountsRepository } from './accounts.repository.js';
import { normalizeRoles, type Role } from './roles.js';
import { hashPassword } from './secrets.js';

@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    private readonly database: Database,
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditService,
  ) {}

  findById(id: number): Promise<Account | null> {
    return this.accounts.byId(id);
  }

  findByEmail(email: string): Promise<Account | null> {
    return this.accounts.byEmail(email.trim().toLowerCase());
  }

  /** Accounts with a role above learner that no staff record names. */
  elevatedWithoutStaff(): Promise<Account[]> {
    return this.accounts.elevatedWithoutStaff();
  }

  /** Whether the account is a community learner's (joined with a cohort's code; not on the roster). */
  isCommunityLearner(id: number): Promise<boolean> {
    return this.accounts.isCommunityLearner(id);
  }

  /** On start: when no admin exists yet, create (or promote) the configured one. */
  async ensureBootstrapAdmin(email: string, password: string): Promise<boolean> {
    if (await this.accounts.anyAdmin()) return false;
    const passwordHash = await hashPassword(password);
    const address = email.toLowerCase();
    await this.database.transaction(async () => {
      const existing = await this.accounts.byEmail(address);
      if (existing) {
        await this.accounts.setRoles(existing.id, normalizeRoles([...existing.roles, 'admin']));
        await this.accounts.setPasswordHash(existing.id, passwordHash);
      } else
        await this.accounts.create({
          email: address,
          passwordHash,
          roles: normalizeRoles(['admin']),
          createdAt: new Date(),
        });
      await this.audit.record(null, { action: 'account.bootstrap-admin', target: address });
    });
    this.logger.log(`Created the bootstrap admin account ${address}`);
    return true;
  }

  /** Replaces an account's roles (`learner` is always kept) and records it; the two commit together. */
  setRoles(account: Account, roles: Role[], actor: Actor, target: string): Promise<Role[]> {
    return this.database.transaction(async () => {
      const before = account.roles;
      const after = normalizeRoles(roles);
      if (
        before.includes('admin') &&
        !after.includes('admin') &&
        !(await this.accounts.otherActiveAdmin(account.id))
      )
        throw new ConflictException(
          `${target} is the only admin who can sign in: make someone else an admin first, or nobody could grant roles`,
        );
      await this.accounts.setRoles(account.id, after);
      await this.audit.record(actor, { action: 'account.roles', target, details: { before, after } });
      return after;
    });
  }
}
